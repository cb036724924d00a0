import Config
import Testing

/// Each broken `alerts:` section or rule: the file, line and column a person sees, and what to
/// write instead.
struct AlertsConfigErrorTests {
    /// The error for `alerts:` followed by `body`, each line of it indented by two spaces.
    private func alertsFailure(_ body: String) -> String? {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return configFailure("alerts:\n" + indented.joined(separator: "\n") + "\n")?.description
    }

    /// The error for one custom rule whose lines (after `- `) are `lines`; the rule's keys stand
    /// in column 5 from line 3 on.
    private func ruleFailure(_ lines: String...) -> String? {
        let body = lines.enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }
        return alertsFailure("rules:\n" + body.joined(separator: "\n"))
    }

    @Test func misspeltKeysSuggestTheirSpelling() {
        #expect(
            configFailure("alert:\n  bell: true\n")?.description
                == "bad.yaml:1:1: unknown key 'alert' at top level; did you mean 'alerts'?"
        )
        #expect(alertsFailure("bel: true") == "bad.yaml:2:3: unknown key 'bel' in alerts; did you mean 'bell'?")
        #expect(
            alertsFailure("builtin:\n  error_rate: off")
                == "bad.yaml:3:5: unknown key 'error_rate' in alerts.builtin; did you mean 'error_ratio'?"
        )
        #expect(
            alertsFailure("builtin:\n  drift: { keep_firing_fo: 5m }")
                == "bad.yaml:3:14: unknown key 'keep_firing_fo' in alerts.builtin.drift; did you mean 'keep_firing_for'?"
        )
        #expect(
            alertsFailure("drift: { min_cout: 10 }")
                == "bad.yaml:2:12: unknown key 'min_cout' in alerts.drift; did you mean 'min_count'?"
        )
        #expect(
            ruleFailure("id: slow", "metric: e2e_latency", "critcal: 4s")
                == "bad.yaml:5:5: unknown key 'critcal' in alert rule 'slow'; did you mean 'critical'?"
        )
        #expect(
            ruleFailure("id: slow", "metric: e2e_latncy", "critical: 4s")
                == "bad.yaml:4:13: unknown metric 'e2e_latncy' in alert rule 'slow'; did you mean 'e2e_latency'?"
        )
        #expect(
            ruleFailure("id: slow", "metric: ttft", "critical: 4s", "no_data: kep")
                == "bad.yaml:6:14: unknown no_data 'kep' in alert rule 'slow'; did you mean 'keep'?"
        )
        #expect(
            ruleFailure("id: slow", "metric: ttft", "critical: 4s", "direction: up")
                == "bad.yaml:6:16: unknown direction 'up' in alert rule 'slow'; use one of above, below"
        )
    }

    @Test func theSectionAndItsPartsMustHaveTheirShape() {
        #expect(alertsFailure("bell: yes") == "bad.yaml:2:9: 'bell' in alerts must be true or false, got 'yes'")
        #expect(
            alertsFailure("builtin:\n  error_ratio: disabled")
                == "bad.yaml:3:18: 'error_ratio' in alerts.builtin must be off, on, or a mapping of what to tune "
                + "(window, warning, critical, baseline_factor, for, keep_firing_for, no_data, minimum_requests, "
                + "labels, summary), got 'disabled'; write e.g. error_ratio: { for: 5m }"
        )
        #expect(
            alertsFailure("rules: { id: x }")
                == "bad.yaml:2:10: 'alerts.rules' must be a list, got a mapping; start each rule with '- id:'"
        )
        #expect(
            alertsFailure("rules:\n  - slow")
                == "bad.yaml:3:7: alert rule #1 must be a mapping with at least 'id', 'metric' or 'series', "
                + "and a warning or critical threshold, got 'slow'"
        )
    }

    @Test func driftSettingsAreSetInTheirOwnSection() {
        #expect(
            alertsFailure("builtin:\n  drift: { warning: 0.2 }")
                == "bad.yaml:3:23: 'warning' of the built-in drift rule is alerts.drift's psi_moderate, which the "
                + "drift statistics share; write it there: alerts: { drift: { psi_moderate: … } }"
        )
        #expect(
            alertsFailure("drift: { psi_moderate: 0.3 }")
                == "bad.yaml:2:26: psi_moderate (0.3) in alerts.drift must be below psi_major (0.25); "
                + "the usual tiers are 0.1 and 0.25"
        )
        #expect(
            alertsFailure("drift:\n  min_count: 0")
                == "bad.yaml:3:16: 'min_count' in alerts.drift must be a whole number of observations, 1 or more, "
                + "got '0'; write e.g. min_count: 200"
        )
        #expect(
            alertsFailure("drift:\n  window: 0s")
                == "bad.yaml:3:13: 'window' in alerts.drift must be longer than zero; write e.g. 5s"
        )
    }

    @Test func ruleIDsAreRequiredWordsAndUnique() {
        #expect(
            ruleFailure("metric: ttft", "critical: 4s")
                == "bad.yaml:3:5: missing required key 'id' in alert rule #1; add 'id: …'"
        )
        #expect(
            ruleFailure("id: slow ttft", "metric: ttft", "critical: 4s")
                == "bad.yaml:3:9: 'id' in alert rule 'slow ttft' must be a word of ASCII letters, digits and _, "
                + "such as slow_ttft; got 'slow ttft'"
        )
        #expect(
            ruleFailure("id: error_ratio", "metric: error_ratio", "critical: 20%")
                == "bad.yaml:3:9: rule id 'error_ratio' in alert rule 'error_ratio' is a built-in rule; "
                + "tune it under alerts.builtin.error_ratio, or give this rule another id"
        )
        #expect(
            alertsFailure("rules:\n  - { id: a, metric: ttft, critical: 4s }\n  - { id: a, metric: ttft, warning: 2s }")
                == "bad.yaml:4:13: duplicate alert rule id 'a' (first on line 3); give each rule a unique id"
        )
    }

    @Test func aRuleWatchesExactlyOneMeasureWithAFittingAggregation() {
        let metrics =
            "target_down, error_ratio, e2e_latency, ttft, kv_cache_usage, queue_waiting, drift, latency_shift, error_shift"
        #expect(
            ruleFailure("id: x", "critical: 4s")
                == "bad.yaml:3:5: missing 'metric' or 'series' in alert rule 'x'; write metric: (one of \(metrics)) "
                + "or series: (a raw series name such as vllm:num_preemptions_total)"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "series: vllm:x", "critical: 4s")
                == "bad.yaml:5:13: both 'metric' and 'series' in alert rule 'x'; keep one: "
                + "metric (\(metrics)) or series (a raw series name)"
        )
        #expect(
            ruleFailure("id: x", "series: \"vllm x\"", "aggregation: rate", "critical: 4")
                == "bad.yaml:4:13: 'series' in alert rule 'x' must be a Prometheus series name (ASCII letters, "
                + "digits, _ and :), such as vllm:num_preemptions_total; got 'vllm x'"
        )
        #expect(
            ruleFailure("id: x", "series: vllm:x", "critical: 4")
                == "bad.yaml:3:5: missing 'aggregation' in alert rule 'x'; a raw series needs rate (counter), "
                + "quantile(0.95) (histogram) or value (gauge)"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "aggregation: p99", "critical: 4s")
                == "bad.yaml:5:18: 'aggregation' in alert rule 'x' must be rate, ratio, value or quantile(q) "
                + "with 0 < q < 1, got 'p99'"
        )
        #expect(
            ruleFailure("id: x", "metric: error_ratio", "aggregation: rate", "critical: 5%")
                == "bad.yaml:5:18: aggregation 'rate' does not apply to error_ratio in alert rule 'x'; use ratio"
        )
        #expect(
            ruleFailure("id: x", "series: vllm:x", "aggregation: ratio", "critical: 5%")
                == "bad.yaml:5:18: aggregation 'ratio' does not apply to a raw series like vllm:x in alert rule 'x'; "
                + "use rate or quantile(q) or value"
        )
    }

    @Test func thresholdsAreInTheRulesUnitAndInOrder() {
        #expect(
            ruleFailure("id: x", "metric: error_ratio", "critical: 5 percent")
                == "bad.yaml:5:15: 'critical' in alert rule 'x' has bad threshold '5 percent'; write it as a "
                + "percentage such as 5% or a fraction such as 0.05, or off"
        )
        #expect(
            ruleFailure("id: x", "metric: error_ratio", "critical: 5")
                == "bad.yaml:5:15: 'critical' in alert rule 'x' has bad threshold '5'; write it as a "
                + "percentage such as 5% or a fraction such as 0.05, or off"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "warning: fast")
                == "bad.yaml:5:14: 'warning' in alert rule 'x' has bad threshold 'fast'; write it as a "
                + "duration such as 2s or 500ms, or off"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "warning: [1, 2]")
                == "bad.yaml:5:14: 'warning' in alert rule 'x' must be a threshold, got a list; write it as a "
                + "duration such as 2s or 500ms, or off"
        )
        #expect(
            ruleFailure("id: x", "metric: queue_waiting", "for: 1m")
                == "bad.yaml:3:5: no threshold in alert rule 'x'; give warning, critical or both, "
                + "such as critical: 20"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "warning: 3s", "critical: 1s")
                == "bad.yaml:5:14: warning (3.0 s) in alert rule 'x' must be below critical (1.0 s) for a rule "
                + "that alerts above its thresholds; swap them, or set direction"
        )
        #expect(
            alertsFailure("builtin:\n  kv_cache_full: { warning: 0.99 }")
                == "bad.yaml:3:31: warning (99 %) in alerts.builtin.kv_cache_full must be below critical (95 %) "
                + "for a rule that alerts above its thresholds; swap them, or set direction"
        )
        #expect(
            alertsFailure("builtin:\n  target_down: { critical: off }")
                == "bad.yaml:3:30: no threshold in alerts.builtin.target_down; give warning, critical or both, "
                + "such as critical: 0.25"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "baseline_factor: 0.8")
                == "bad.yaml:6:22: 'baseline_factor' in alert rule 'x' must be a factor above 1 (the value must "
                + "reach baseline × factor), or off, got '0.8'; write e.g. baseline_factor: 1.5"
        )
    }

    @Test func durationsLabelsAndSummariesAreChecked() {
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "for: 2 minutes")
                == "bad.yaml:6:10: 'for' in alert rule 'x' has bad duration '2 minutes'; "
                + "write it like 500ms, 5s, 1m30s, 2h or 7d"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "minimum_requests: -1")
                == "bad.yaml:6:23: 'minimum_requests' in alert rule 'x' must be a whole number of requests, "
                + "0 for no gate, got '-1'; write e.g. minimum_requests: 100"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "labels: { 1team: a }")
                == "bad.yaml:6:15: label '1team' in alert rule 'x' must be a Prometheus label name "
                + "(ASCII letters, digits and _, not starting with a digit or __)"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "labels: [team]")
                == "bad.yaml:6:13: 'labels' in alert rule 'x' must map label names to values, got a list; "
                + "write e.g. labels: { team: serving }"
        )
        #expect(
            ruleFailure("id: x", "metric: ttft", "critical: 2s", "summary: \"TTFT {{valu}} on {{deployment}}\"")
                == "bad.yaml:6:14: 'summary' in alert rule 'x' has unknown placeholder '{{valu}}'; "
                + "did you mean '{{value}}'?"
        )
    }
}
