import Analysis
import Testing

/// The built-in rules as an on-call engineer reads them, and summaries in words.
struct AlertRuleSpecTests {
    @Test func builtInRulesAreDistinctAndConsistent() {
        let rules = AlertRuleSpec.builtIn
        #expect(
            rules.map(\.id) == [
                "target_down", "error_ratio", "latency_p95", "ttft_p95", "kv_cache_full", "queue_growing", "drift",
                "latency_shift", "error_shift",
            ]
        )
        for rule in rules {
            guard case .metric(let metric) = rule.measure else {
                Issue.record("\(rule.id) watches a raw series")
                continue
            }
            #expect(metric.allows(rule.aggregation), "\(rule.id)")
            #expect(rule.thresholds.critical != nil, "\(rule.id)")
            if let warning = rule.thresholds.warning, let critical = rule.thresholds.critical {
                #expect(warning < critical, "\(rule.id)")
            }
            #expect(AlertRuleSpec.placeholders(in: rule.summary).allSatisfy(AlertRuleSpec.placeholderNames.contains))
        }
    }

    @Test func builtInThresholdsAreTheIssuesFigures() {
        #expect(AlertRuleSpec.targetDown.holdDuration == 60)
        #expect(AlertRuleSpec.errorRatio.holdDuration == 120 && AlertRuleSpec.errorRatio.minimumRequests == 100)
        #expect(AlertRuleSpec.errorRatio.thresholds.severity(of: 0.05, baseline: nil) == .warning)
        #expect(AlertRuleSpec.kvCacheFull.thresholds.severity(of: 0.95, baseline: nil) == .critical)
        #expect(AlertRuleSpec.latencyP95.thresholds.severity(of: 27, baseline: 9) == .critical)
        #expect(AlertRuleSpec.latencyP95.thresholds.severity(of: 10, baseline: 9) == nil)
        #expect(AlertRuleSpec.ttftP95.thresholds.baselineFactor == 1.5)
        #expect(AlertRuleSpec.drift.thresholds.severity(of: 0.1, baseline: nil) == .warning)
        #expect(AlertRuleSpec.drift.thresholds.severity(of: 0.25, baseline: nil) == .critical)
    }

    @Test func targetDownFiresCriticalAfterAMinute() {
        var state = AlertState(ruleID: "target_down", deployment: "chat-prod")
        var phases: [AlertPhase] = []
        for second in stride(from: Int64(0), through: 60, by: 15) {
            let evaluation = state.evaluated(.value(1), at: second * 1000, rule: .targetDown)
            state = evaluation.state
            phases += evaluation.transitions.map(\.to)
        }
        #expect(phases == [.pending, .firing] && state.firingSince == 60_000 && state.severity == .critical)
        #expect(AlertRuleSpec.targetDown.summaryText(for: state, at: 90_000) == "target down for 1m30s")
    }

    @Test func summariesReadAsWords() {
        let latency = AlertRuleSpec.latencyP95
        #expect(latency.summary == "p95 latency {{value}} > {{threshold}} for {{for}}")
        #expect(
            latency.summaryText(value: 12.4, severity: .critical, deployment: "chat", activeFor: 180)
                == "p95 latency 12 s > 10 s for 3m"
        )
        var custom = latency
        custom.thresholds.warning = 2
        custom.summary = "{{deployment}}: p95 {{value}} > {{threshold}} for {{for}} {{runbook}}"
        #expect(
            custom.summaryText(value: 2.94, severity: .warning, deployment: "chat", activeFor: 200)
                == "chat: p95 2.9 s > 2.0 s for 3m20s {{runbook}}"
        )
        #expect(
            AlertRuleSpec.ttftP95.summaryText(value: 0.85, severity: .warning, deployment: "c", activeFor: 0.5)
                == "p95 TTFT 850 ms > 1.0 s for 0s"
        )
        #expect(
            AlertRuleSpec.errorRatio.summaryText(value: 0.073, severity: .warning, deployment: "c", activeFor: 3900)
                == "error ratio 7.3 % > 5.0 % for 1h5m"
        )
        #expect(
            AlertRuleSpec.queueGrowing.summaryText(value: nil, severity: .critical, deployment: "c", activeFor: 90_000)
                == "waiting queue growth no data > 0.20/s for 1d1h"
        )
        #expect(AlertRuleSpec.placeholders(in: "a {{value}} b {{ x }} {{") == ["value", " x "])
    }

    @Test func aResolvedSummaryCountsUpToTheResolution() {
        var state = AlertState(ruleID: "error_ratio", deployment: "chat")
        let rule = AlertRuleSpec.errorRatio
        for (second, value) in [(Int64(0), 0.2), (120, 0.2), (135, 0.01), (255, 0.01)] {
            state = state.evaluated(.value(value), at: second * 1000, rule: rule).state
        }
        #expect(state.phase == .resolved)
        #expect(rule.summaryText(for: state, at: 900_000) == "error ratio 1.0 % > 10 % for 4m15s")
    }

    @Test func aggregationsReadAndWriteTheirText() {
        #expect(AlertAggregation(text: "quantile(0.99)") == .quantile(0.99))
        #expect(AlertAggregation(text: "quantile(0.99)")?.text == "quantile(0.99)")
        #expect(AlertAggregation(text: "rate") == .rate && AlertAggregation(text: "value") == .value)
        for bad in ["quantile(1)", "quantile(0)", "quantile(nan)", "quantile()", "p95", "Rate", "quantile(0.5"] {
            #expect(AlertAggregation(text: bad) == nil, "\(bad)")
        }
        #expect(
            AlertMeasure.series("vllm:num_preemptions_total").name(under: .rate) == "rate of vllm:num_preemptions_total"
        )
        #expect(AlertMeasure.metric(.ttft).name(under: .quantile(0.999)) == "p99.9 TTFT")
    }
}
