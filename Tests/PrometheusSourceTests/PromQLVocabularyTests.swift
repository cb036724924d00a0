import Config
import Testing

@testable import PrometheusSource

/// The PromQL text of every figure: what Prometheus is asked, and what the notes tell users to paste.
struct PromQLVocabularyTests {
    let vocabulary = try! PromQLVocabulary(deploymentLabel: "deployment", rangeWindow: RangeWindow(scrapeInterval: 15))

    @Test func vllmLatencyQuantileAsksForBothSpellingsGroupedByDeployment() {
        #expect(
            vocabulary.query(.e2eLatencyP95, kind: .vllm)
                == "histogram_quantile(0.95, sum by (le, deployment) "
                + "(rate(vllm:e2e_request_latency_seconds_bucket[1m]) or rate(vllm_e2e_request_latency_seconds_bucket[1m])))"
        )
        #expect(vocabulary.query(.e2eLatencyP50, kind: .vllm)?.hasPrefix("histogram_quantile(0.5, ") == true)
        #expect(vocabulary.query(.e2eLatencyP99, kind: .vllm)?.hasPrefix("histogram_quantile(0.99, ") == true)
        #expect(
            vocabulary.query(.timeToFirstTokenP95, kind: .sglang)
                == "histogram_quantile(0.95, sum by (le, deployment) "
                + "(rate(sglang:time_to_first_token_seconds_bucket[1m]) or rate(sglang_time_to_first_token_seconds_bucket[1m])))"
        )
    }

    @Test func requestRateAndErrorRatioCountEveryOutcome() {
        #expect(
            vocabulary.query(.requestRate, kind: .vllm)
                == "sum by (deployment) (rate(vllm:request_success_total[1m]) or rate(vllm_request_success_total[1m]))"
        )
        #expect(
            vocabulary.query(.errorRatio, kind: .vllm)
                == #"(sum by (deployment) (rate(vllm:request_success_total{finished_reason=~"error|abort"}[1m]) "#
                + #"or rate(vllm_request_success_total{finished_reason=~"error|abort"}[1m])) "#
                + "or 0 * sum by (deployment) (rate(vllm:request_success_total[1m]) or rate(vllm_request_success_total[1m]))) "
                + "/ sum by (deployment) (rate(vllm:request_success_total[1m]) or rate(vllm_request_success_total[1m]))"
        )
        #expect(
            vocabulary.query(.requestRate, kind: .tgi)
                == "sum by (deployment) (rate(tgi_request_success[1m]) or rate(tgi_request_failure[1m]))"
        )
        #expect(
            vocabulary.query(.errorRatio, kind: .tgi)
                == "(sum by (deployment) (rate(tgi_request_failure[1m])) or 0 * sum by (deployment) "
                + "(rate(tgi_request_success[1m]) or rate(tgi_request_failure[1m]))) / sum by (deployment) "
                + "(rate(tgi_request_success[1m]) or rate(tgi_request_failure[1m]))"
        )
    }

    @Test func gaugesAreSummedAndKVCacheAveraged() {
        #expect(
            vocabulary.query(.running, kind: .vllm)
                == "sum by (deployment) (vllm:num_requests_running or vllm_num_requests_running)"
        )
        #expect(vocabulary.query(.waiting, kind: .tgi) == "sum by (deployment) (tgi_queue_size)")
        #expect(
            vocabulary.query(.kvCacheUsage, kind: .vllm)
                == "avg by (deployment) (vllm:kv_cache_usage_perc or vllm_kv_cache_usage_perc "
                + "or vllm:gpu_cache_usage_perc or vllm_gpu_cache_usage_perc)"
        )
        #expect(
            vocabulary.query(.generationTokensPerSecond, kind: .tgi)
                == "sum by (deployment) (rate(tgi_request_generated_tokens_sum[1m]))"
        )
    }

    @Test func tritonTimeToFirstTokenIsConvertedFromMilliseconds() {
        #expect(
            vocabulary.query(.timeToFirstTokenP95, kind: .triton)
                == "histogram_quantile(0.95, sum by (le, deployment) "
                + "(rate(nv_inference_first_response_histogram_ms_bucket[1m]))) / 1000"
        )
    }

    @Test func kindsWithoutTheFigureHaveNoQuery() {
        #expect(vocabulary.query(.timeToFirstTokenP95, kind: .tgi) == nil)
        #expect(vocabulary.query(.requestRate, kind: .llamacpp) == nil)
        #expect(vocabulary.query(.e2eLatencyP95, kind: .llamacpp) == nil)
        #expect(vocabulary.query(.running, kind: .litellm) == nil)
        for figure in FleetFigure.allCases {
            for kind in [ServerKind.ollama, .openai, .prometheus] {
                #expect(vocabulary.query(figure, kind: kind) == nil)
                #expect(!PromQLVocabulary.supports(figure, on: kind))
            }
        }
    }

    @Test func aMixedFleetGetsOneQueryPerFigureJoinedWithOr() throws {
        let query = try #require(vocabulary.query(.requestRate, kinds: [.tgi, .vllm, .llamacpp]))
        #expect(
            query
                == "(sum by (deployment) (rate(vllm:request_success_total[1m]) or rate(vllm_request_success_total[1m]))) "
                + "or (sum by (deployment) (rate(tgi_request_success[1m]) or rate(tgi_request_failure[1m])))"
        )
        #expect(vocabulary.query(.timeToFirstTokenP95, kinds: [.tgi, .llamacpp]) == nil)
        #expect(vocabulary.query(.running, kinds: [.vllm]) == vocabulary.query(.running, kind: .vllm))
    }

    @Test func aTickOfTheWholeFleetStaysWithinTwentyQueries() {
        let queries = vocabulary.tickQueries(kinds: ServerKind.allCases)
        #expect(queries.count <= 20)
        #expect(queries.count == FleetFigure.allCases.count + ExperimentFigure.allCases.count)
        #expect(Set(queries.map(\.subject.name)).count == queries.count)
        for query in queries where query.subject != .experiment(.latency) && query.subject != .experiment(.score) {
            #expect(!query.promql.contains("__name__"))
        }
        let small = vocabulary.tickQueries(kinds: [.llamacpp], includingExperiments: false)
        #expect(
            small.map(\.subject) == [
                .fleet(.generationTokensPerSecond), .fleet(.promptTokensPerSecond), .fleet(.running), .fleet(.waiting),
                .fleet(.kvCacheUsage),
            ]
        )
    }

    @Test func environmentLabelAndFilterReachEverySelector() throws {
        let scoped = try PromQLVocabulary(
            deploymentLabel: "model_name",
            environmentLabel: "env",
            filter: #"job=~"vllm|tgi""#,
            rangeWindow: RangeWindow(scrapeInterval: 5)
        )
        #expect(
            scoped.query(.e2eLatencyP99, kind: .tgi)
                == #"histogram_quantile(0.99, sum by (le, model_name, env) (rate(tgi_request_duration_bucket{job=~"vllm|tgi"}[20s])))"#
        )
        #expect(
            scoped.query(.errorRatio, kind: .litellm)?.contains(
                #"litellm_proxy_total_requests_metric_total{status_code=~"[^2].*",job=~"vllm|tgi"}[20s]"#
            ) == true
        )
        #expect(scoped.experimentQuery(.requests).contains(#"llm_prompt_requests_total{job=~"vllm|tgi"}"#))
    }

    @Test func experimentCountersAreSummedByExperimentVariantAndOutcome() {
        #expect(
            vocabulary.experimentQuery(.requests)
                == "sum by (experiment, variant, outcome) (llm_prompt_requests_total)"
        )
        #expect(
            vocabulary.experimentQuery(.tokens) == "sum by (experiment, variant, direction) (llm_prompt_tokens_total)"
        )
        #expect(vocabulary.experimentQuery(.cost) == "sum by (experiment, variant) (llm_prompt_cost_dollars_total)")
        #expect(
            vocabulary.experimentQuery(.feedback)
                == "sum by (experiment, variant, feedback) (llm_prompt_feedback_total)"
        )
        #expect(
            vocabulary.experimentQuery(.latency)
                == #"sum by (__name__, le, experiment, variant) ({__name__=~"llm_prompt_latency_seconds_(bucket|sum|count)"})"#
        )
    }

    @Test func renamedExperimentMetricsAndLabelsAreUsed() throws {
        var metrics = ExperimentMetricNames()
        metrics.requests = "app:prompt_requests_total"
        metrics.latency = "app:prompt_latency_seconds"
        var labels = ExperimentLabelNames()
        labels.variant = "arm"
        let renamed = try PromQLVocabulary(
            deploymentLabel: "deployment",
            rangeWindow: RangeWindow(scrapeInterval: 15),
            experimentMetrics: metrics,
            experimentLabels: labels
        )
        #expect(
            renamed.experimentQuery(.requests)
                == "sum by (experiment, arm, outcome) (app:prompt_requests_total or app_prompt_requests_total)"
        )
        #expect(
            renamed.experimentQuery(.latency).contains(
                #"__name__=~"(app:prompt_latency_seconds|app_prompt_latency_seconds)_(bucket|sum|count)""#
            )
        )
    }

    @Test func invalidNamesAreRefusedWithTheirRole() {
        #expect(
            throws: PromQLVocabularyError(
                message: #"the deployment label "model-name" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)"#
            )
        ) {
            try PromQLVocabulary(deploymentLabel: "model-name", rangeWindow: RangeWindow(scrapeInterval: 15))
        }
        var metrics = ExperimentMetricNames()
        metrics.cost = "cost{x}"
        #expect(throws: PromQLVocabularyError.self) {
            try PromQLVocabulary(
                deploymentLabel: "d",
                rangeWindow: RangeWindow(scrapeInterval: 15),
                experimentMetrics: metrics
            )
        }
    }
}
