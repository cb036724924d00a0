import Analysis
import Config
import Testing

/// `alerts:`: a full example read, written back and read again, and each mistake reported at its
/// file, line and column with what to write instead.
struct AlertsConfigTests {
    private let environment = ["HOME": "/home/op"]

    private let fullExample = """
        alerts:
          bell: true
          builtin:
            kv_cache_full: off
            queue_growing: on
            error_ratio: { warning: 2%, critical: 0.2, for: 5m, minimum_requests: 50 }
            latency_p95: { warning: 8s, critical: 20s, baseline_factor: 2, keep_firing_for: 0, labels: { team: serving } }
            drift: { for: 10m, no_data: keep }
          drift:
            window: 30m
            min_count: 500
            psi_moderate: 0.2
            psi_major: 0.4
          rules:
            - id: preemptions
              name: vLLM preemptions
              series: "vllm:num_preemptions_total"
              aggregation: rate
              window: 10m
              warning: 0.5
              critical: 2
              for: 2m
              keep_firing_for: 5m
              no_data: ok
              labels: { team: serving, page: "no" }
              summary: "{{deployment}} preempts {{value}} > {{threshold}} for {{for}}"
            - id: ttft_p99
              metric: ttft
              aggregation: quantile(0.99)
              critical: 4s
              minimum_requests: 50
            - id: throughput_low
              series: "llmdeck:generation_tokens_total"
              aggregation: rate
              direction: below
              warning: 100
              critical: 10
              baseline_factor: 0.5
              no_data: alerting
        """

    private func parse(_ yaml: String) throws -> LLMDeckConfig {
        try ConfigLoader.parse(yaml: yaml, file: "llmdeck.yaml", environment: environment)
    }

    @Test func withoutTheSectionTheBuiltInsAreOnAndTheBellOff() throws {
        let alerts = try parse("deployments: []\n").alerts
        #expect(alerts == AlertsConfig())
        #expect(alerts.rules == AlertRuleSpec.builtIn && !alerts.bell)
        #expect(DriftConfig().applied(to: .drift) == .drift)
        #expect(try parse("alerts:\n").alerts == AlertsConfig())
        #expect(!LLMDeckConfig(deployments: [], store: StoreConfig(path: "/s")).yamlText.contains("alerts:"))
    }

    @Test func fullExampleDecodesEveryKey() throws {
        let alerts = try parse(fullExample).alerts
        #expect(alerts.bell)
        #expect(alerts.drift == DriftConfig(window: 1800, minimumCount: 500, psiModerate: 0.2, psiMajor: 0.4))
        #expect(
            alerts.rules.map(\.id) == [
                "target_down", "error_ratio", "latency_p95", "ttft_p95", "queue_growing", "drift", "latency_shift",
                "error_shift", "preemptions", "ttft_p99", "throughput_low",
            ]
        )
        let rules = Dictionary(uniqueKeysWithValues: alerts.rules.map { ($0.id, $0) })

        var errorRatio = AlertRuleSpec.errorRatio
        errorRatio.thresholds.warning = 0.02
        errorRatio.thresholds.critical = 0.2
        errorRatio.holdDuration = 300
        errorRatio.minimumRequests = 50
        #expect(rules["error_ratio"] == errorRatio)

        var latency = AlertRuleSpec.latencyP95
        latency.thresholds = AlertThresholds(warning: 8, critical: 20, baselineFactor: 2)
        latency.keepFiringFor = 0
        latency.labels = ["team": "serving"]
        #expect(rules["latency_p95"] == latency)

        var drift = AlertRuleSpec.drift
        drift.window = 1800
        drift.minimumRequests = 500
        drift.thresholds.warning = 0.2
        drift.thresholds.critical = 0.4
        drift.holdDuration = 600
        drift.noData = .keep
        #expect(rules["drift"] == drift)
        #expect(rules["target_down"] == .targetDown && rules["queue_growing"] == .queueGrowing)

        #expect(
            rules["preemptions"]
                == AlertRuleSpec(
                    id: "preemptions",
                    name: "vLLM preemptions",
                    measure: .series("vllm:num_preemptions_total"),
                    aggregation: .rate,
                    window: 600,
                    thresholds: AlertThresholds(warning: 0.5, critical: 2),
                    holdDuration: 120,
                    keepFiringFor: 300,
                    labels: ["team": "serving", "page": "no"],
                    summary: "{{deployment}} preempts {{value}} > {{threshold}} for {{for}}"
                )
        )
        #expect(
            rules["ttft_p99"]
                == AlertRuleSpec(
                    id: "ttft_p99",
                    name: "ttft_p99",
                    measure: .metric(.ttft),
                    aggregation: .quantile(0.99),
                    window: 300,
                    thresholds: AlertThresholds(warning: nil, critical: 4),
                    minimumRequests: 50
                )
        )
        let throughput = try #require(rules["throughput_low"])
        #expect(
            throughput.thresholds == AlertThresholds(warning: 100, critical: 10, direction: .below, baselineFactor: 0.5)
        )
        #expect(throughput.noData == .alerting)
        #expect(throughput.summary == "rate of llmdeck:generation_tokens_total {{value}} < {{threshold}} for {{for}}")
        #expect(rules["ttft_p99"]?.summary == "p99 TTFT {{value}} > {{threshold}} for {{for}}")
    }

    @Test func renderedYAMLReadsBackToTheSameConfig() throws {
        let config = try parse(fullExample)
        #expect(try parse(config.yamlText) == config)

        var awkward = LLMDeckConfig(deployments: [], store: StoreConfig(path: "/tmp/s.sqlite"))
        awkward.alerts.rules.removeAll { $0.id == "drift" || $0.id == "target_down" }
        awkward.alerts.rules[0].labels = ["quote": "say \"hi\"", "colon": "a: b"]
        awkward.alerts.rules[0].summary = "{{value}} # not a comment"
        awkward.alerts.rules[1].thresholds.warning = nil
        awkward.alerts.rules[1].thresholds.critical = 1.25e-7
        awkward.sourceFile = "llmdeck.yaml"
        #expect(try parse(awkward.yamlText) == awkward)
    }

    @Test func zeroForAndOffThresholdsAreAccepted() throws {
        let alerts = try parse(
            """
            alerts:
              builtin:
                error_ratio: { for: 0, warning: off, baseline_factor: off }
            """
        ).alerts
        let rule = try #require(alerts.rules.first { $0.id == "error_ratio" })
        #expect(rule.holdDuration == 0 && rule.thresholds.warning == nil && rule.thresholds.critical == 0.10)
    }
}
