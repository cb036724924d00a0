import Config
import Testing

struct ExperimentsConfigTests {
    private let environment = ["HOME": "/home/op"]

    private let fullExample = """
        experiments:
          metrics:
            requests: app_prompt_requests_total
            latency: app_prompt_latency_seconds
            tokens: app_prompt_tokens_total
            cost: app_prompt_cost_dollars_total
            feedback: app_prompt_feedback_total
            score: app_prompt_score
          labels: { experiment: exp, variant: arm, outcome: result, direction: dir, feedback: thumbs }
          success_outcomes: [success, cached]
          alpha: 0.1
          minimum_detectable_effect: 0.02
          minimum_requests: 300
          sequential: { planned_requests: 8000 }
          guardrails: { latency_p95: 250ms, error_rate: 0.03, cost_per_request: $0.001 }
          list:
            - name: system-prompt
              control: a
              split: { b: 25, a: 75 }
              start: 2026-12-01T09:00:00Z
              alpha: 0.01
              minimum_detectable_effect: 0.05
              minimum_requests: 50
              sequential: { tau_squared: 0.0001 }
              guardrails: { latency_p95: 20%, cost_per_request: off }
            - name: few-shot
        """

    private func parse(_ yaml: String) throws -> LLMDeckConfig {
        try ConfigLoader.parse(yaml: yaml, file: "llmdeck.yaml", environment: environment)
    }

    @Test func fullExampleDecodesEveryKey() throws {
        let experiments = try parse(fullExample).experiments
        var metrics = ExperimentMetricNames()
        metrics.requests = "app_prompt_requests_total"
        metrics.latency = "app_prompt_latency_seconds"
        metrics.tokens = "app_prompt_tokens_total"
        metrics.cost = "app_prompt_cost_dollars_total"
        metrics.feedback = "app_prompt_feedback_total"
        metrics.score = "app_prompt_score"
        #expect(experiments.metrics == metrics)
        var labels = ExperimentLabelNames()
        labels.experiment = "exp"
        labels.variant = "arm"
        labels.outcome = "result"
        labels.direction = "dir"
        labels.feedback = "thumbs"
        #expect(experiments.labels == labels)
        #expect(experiments.successOutcomes == ["success", "cached"])
        #expect(
            experiments.defaults
                == ExperimentSettingsConfig(
                    alpha: 0.1,
                    minimumDetectableEffect: 0.02,
                    minimumRequests: 300,
                    sequential: .plannedRequests(8000),
                    guardrails: GuardrailsConfig(
                        latencyP95: .absolute(0.25),
                        errorRate: .absolute(0.03),
                        costPerRequest: .absolute(0.001)
                    )
                )
        )
        #expect(
            experiments.list == [
                ExperimentConfig(
                    name: "system-prompt",
                    control: "a",
                    split: [VariantWeight(variant: "b", weight: 25), VariantWeight(variant: "a", weight: 75)],
                    start: 1_796_115_600_000,
                    overrides: ExperimentSettingsOverrides(
                        alpha: 0.01,
                        minimumDetectableEffect: 0.05,
                        minimumRequests: 50,
                        sequential: .tauSquared(0.0001),
                        guardrails: GuardrailOverrides(latencyP95: .limit(.relative(0.2)), costPerRequest: .off)
                    )
                ),
                ExperimentConfig(name: "few-shot"),
            ]
        )
    }

    @Test func absentSectionsTakeTheirDefaults() throws {
        let config = try parse("deployments: []\n")
        #expect(config.experiments == ExperimentsConfig())
        #expect(config.pricing == PriceTable())
        #expect(try parse("experiments:\npricing:\n").experiments == ExperimentsConfig())

        let experiments = ExperimentsConfig()
        #expect(experiments.metrics.requests == "llm_prompt_requests_total")
        #expect(experiments.metrics.latency == "llm_prompt_latency_seconds")
        #expect(experiments.metrics.tokens == "llm_prompt_tokens_total")
        #expect(experiments.metrics.cost == "llm_prompt_cost_dollars_total")
        #expect(experiments.metrics.feedback == "llm_prompt_feedback_total")
        #expect(experiments.metrics.score == "llm_prompt_score")
        #expect(
            [experiments.labels.experiment, experiments.labels.variant, experiments.labels.outcome]
                == ["experiment", "variant", "outcome"]
        )
        #expect(experiments.labels.direction == "direction" && experiments.labels.feedback == "feedback")
        #expect(experiments.successOutcomes == ["success"])
        #expect(experiments.defaults.alpha == 0.05)
        #expect(experiments.defaults.minimumDetectableEffect == 0.01)
        #expect(experiments.defaults.minimumRequests == 150)
        #expect(experiments.defaults.sequential == .plannedRequests(5000))
        #expect(
            experiments.defaults.guardrails
                == GuardrailsConfig(
                    latencyP95: .relative(0.1),
                    errorRate: .absolute(0.02),
                    costPerRequest: .relative(0.1)
                )
        )
        #expect(experiments.list.isEmpty)
    }

    @Test func partialSectionsKeepTheOtherDefaults() throws {
        let yaml = """
            experiments:
              metrics: { requests: app_requests_total }
              guardrails: { error_rate: off }
            """
        let experiments = try parse(yaml).experiments
        var metrics = ExperimentMetricNames()
        metrics.requests = "app_requests_total"
        #expect(experiments.metrics == metrics)
        #expect(experiments.labels == ExperimentLabelNames())
        #expect(
            experiments.defaults
                == ExperimentSettingsConfig(
                    guardrails: GuardrailsConfig(
                        latencyP95: .relative(0.1),
                        errorRate: nil,
                        costPerRequest: .relative(0.1)
                    )
                )
        )
    }

    @Test func experimentSettingsAreTheDefaultsWithItsOverrides() throws {
        let experiments = try parse(fullExample).experiments
        #expect(
            experiments.settings(forExperiment: "system-prompt")
                == ExperimentSettingsConfig(
                    alpha: 0.01,
                    minimumDetectableEffect: 0.05,
                    minimumRequests: 50,
                    sequential: .tauSquared(0.0001),
                    guardrails: GuardrailsConfig(
                        latencyP95: .relative(0.2),
                        errorRate: .absolute(0.03),
                        costPerRequest: nil
                    )
                )
        )
        #expect(experiments.settings(forExperiment: "few-shot") == experiments.defaults)
        #expect(experiments.settings(forExperiment: "discovered-only") == experiments.defaults)
        #expect(experiments.experiment(named: "few-shot")?.split == [])
        #expect(experiments.experiment(named: "discovered-only") == nil)
    }

    @Test func controlIsTheConfiguredVariantElseTheAlphabeticallyFirst() throws {
        let experiments = try parse(fullExample).experiments
        #expect(experiments.control(ofExperiment: "system-prompt", variants: ["b", "c"]) == "a")
        #expect(experiments.control(ofExperiment: "few-shot", variants: ["v2", "v1", "v10"]) == "v1")
        #expect(experiments.control(ofExperiment: "discovered-only", variants: []) == nil)
    }

    @Test func guardrailLimitsReadEveryDocumentedForm() throws {
        func guardrails(_ flow: String) throws -> GuardrailsConfig {
            try parse("experiments:\n  guardrails: \(flow)\n").experiments.defaults.guardrails
        }
        #expect(
            try guardrails("{ latency_p95: 10%, error_rate: 2%, cost_per_request: 12.5% }")
                == GuardrailsConfig(
                    latencyP95: .relative(0.1),
                    errorRate: .relative(0.02),
                    costPerRequest: .relative(0.125)
                )
        )
        #expect(
            try guardrails("{ latency_p95: 0.5s, error_rate: 0.02, cost_per_request: 0.001 }")
                == GuardrailsConfig(
                    latencyP95: .absolute(0.5),
                    errorRate: .absolute(0.02),
                    costPerRequest: .absolute(0.001)
                )
        )
        #expect(
            try guardrails("{ latency_p95: 1m, error_rate: 0, cost_per_request: '$0.0005' }")
                == GuardrailsConfig(
                    latencyP95: .absolute(60),
                    errorRate: .absolute(0),
                    costPerRequest: .absolute(0.0005)
                )
        )
        #expect(try guardrails("{ latency_p95: 0.25 }").latencyP95 == .absolute(0.25))
        #expect(
            try guardrails("{ latency_p95: off, error_rate: OFF, cost_per_request: off }")
                == GuardrailsConfig(latencyP95: nil, errorRate: nil, costPerRequest: nil)
        )
    }

    @Test func renderedYAMLReadsBackWithExperimentsAndPricing() throws {
        let yaml =
            fullExample + "\n"
                + """
                pricing:
                  - model: "gpt-4o*"
                    prompt: 2.5
                    completion: 10
                  - model: meta-llama/Llama-3.1-8B-Instruct
                    prompt: 0.15
                    completion: 0.60
                    effective_from: 2026-01-01
                  - model: meta-llama/Llama-3.1-8B-Instruct
                    prompt: 0.1
                    completion: 0.4
                    effective_from: 2026-11-01T12:30:00.5+02:00
                """
        let config = try parse(yaml)
        let again = try parse(config.yamlText)
        #expect(again == config)
        #expect(again.experiments.list.count == 2 && again.pricing.entries.count == 3)

        var awkward = LLMDeckConfig(deployments: [], store: StoreConfig(path: "/tmp/s.sqlite"))
        awkward.experiments.defaults.guardrails = GuardrailsConfig(
            latencyP95: .absolute(0.000_123_4),
            errorRate: .relative(0.07),
            costPerRequest: .relative(1e-7)
        )
        awkward.experiments.defaults.alpha = 1e-5
        awkward.experiments.list = [ExperimentConfig(name: "a \"b\"", start: -1)]
        #expect(try parse(awkward.yamlText) == awkward.withSourceFile("llmdeck.yaml"))
    }

    @Test func defaultSectionsAreNotWrittenOut() {
        let config = LLMDeckConfig(deployments: [], store: StoreConfig(path: "/tmp/s.sqlite"))
        #expect(!config.yamlText.contains("experiments:"))
        #expect(!config.yamlText.contains("pricing:"))
    }
}

extension LLMDeckConfig {
    fileprivate func withSourceFile(_ file: String) -> LLMDeckConfig {
        var copy = self
        copy.sourceFile = file
        return copy
    }
}
