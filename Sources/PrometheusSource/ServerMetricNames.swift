import Config

/// One metric selector: a name and label matchers (`vllm:request_success_total{finished_reason=~"error|abort"}`).
struct MetricSelector: Sendable, Equatable {
    var name: String
    var matchers: [String] = []

    /// The name as exposed, and with `:` turned into `_` when it has colons: Prometheus may store either,
    /// depending on how it negotiated the scrape (serving-metrics.md §1.4).
    var spellings: [MetricSelector] {
        guard name.contains(":") else { return [self] }
        return [self, MetricSelector(name: name.replacingOccurrences(of: ":", with: "_"), matchers: matchers)]
    }

    /// The selector text, with the vocabulary's filter matchers added.
    func text(filter: String?) -> String {
        let all = matchers + (filter.map { [$0] } ?? [])
        return all.isEmpty ? name : name + "{" + all.joined(separator: ",") + "}"
    }
}

/// A classic histogram: its name without `_bucket`, and the divisor that turns its unit into seconds.
struct HistogramName: Sendable, Equatable {
    var name: String
    /// 1000 for milliseconds (Triton), 1 otherwise.
    var divisor: Double = 1

    var buckets: MetricSelector { MetricSelector(name: name + "_bucket") }
}

/// Where each canonical figure comes from on one kind of server, as its adapter in Sources/Collector/Adapters
/// reads it (serving-metrics.md §2–8). Lists are unions: series of every listed selector count, and for
/// equal label sets the first wins (PromQL `or`), so a list can also hold a newer name before an older one.
struct ServerMetricNames: Sendable, Equatable {
    /// Counters of finished requests, every outcome.
    var requests: [MetricSelector] = []
    /// Counters of failed finished requests.
    var errors: [MetricSelector] = []
    var e2eLatency: HistogramName?
    var timeToFirstToken: HistogramName?
    /// Inter-token latency histograms, the preferred name first (vLLM renamed it).
    var interTokenLatency: [HistogramName] = []
    var queueTime: HistogramName?
    /// Counters of generated tokens (or a histogram's `_sum` of tokens per request).
    var generationTokens: [MetricSelector] = []
    var promptTokens: [MetricSelector] = []
    /// Gauges, summed over a deployment's servers.
    var running: [MetricSelector] = []
    var waiting: [MetricSelector] = []
    /// Gauges of KV-cache use as a fraction, averaged over a deployment's servers.
    var kvCacheUsage: [MetricSelector] = []

    /// The names for a kind; empty for kinds without a Prometheus exposition (Ollama, plain
    /// OpenAI-compatible servers) and for `prometheus` (raw series only).
    static func of(_ kind: ServerKind) -> ServerMetricNames {
        switch kind {
        case .vllm:
            return ServerMetricNames(
                requests: [MetricSelector(name: "vllm:request_success_total")],
                errors: [
                    MetricSelector(name: "vllm:request_success_total", matchers: [#"finished_reason=~"error|abort""#])
                ],
                e2eLatency: HistogramName(name: "vllm:e2e_request_latency_seconds"),
                timeToFirstToken: HistogramName(name: "vllm:time_to_first_token_seconds"),
                interTokenLatency: [
                    HistogramName(name: "vllm:inter_token_latency_seconds"),
                    HistogramName(name: "vllm:time_per_output_token_seconds"),
                ],
                queueTime: HistogramName(name: "vllm:request_queue_time_seconds"),
                generationTokens: [MetricSelector(name: "vllm:generation_tokens_total")],
                promptTokens: [MetricSelector(name: "vllm:prompt_tokens_total")],
                running: [MetricSelector(name: "vllm:num_requests_running")],
                waiting: [MetricSelector(name: "vllm:num_requests_waiting")],
                kvCacheUsage: [
                    MetricSelector(name: "vllm:kv_cache_usage_perc"), MetricSelector(name: "vllm:gpu_cache_usage_perc"),
                ]
            )
        case .tgi:
            return ServerMetricNames(
                requests: [MetricSelector(name: "tgi_request_success"), MetricSelector(name: "tgi_request_failure")],
                errors: [MetricSelector(name: "tgi_request_failure")],
                e2eLatency: HistogramName(name: "tgi_request_duration"),
                interTokenLatency: [HistogramName(name: "tgi_request_mean_time_per_token_duration")],
                queueTime: HistogramName(name: "tgi_request_queue_duration"),
                generationTokens: [MetricSelector(name: "tgi_request_generated_tokens_sum")],
                promptTokens: [MetricSelector(name: "tgi_request_input_length_sum")],
                running: [MetricSelector(name: "tgi_batch_current_size")],
                waiting: [MetricSelector(name: "tgi_queue_size")]
            )
        case .llamacpp:
            return ServerMetricNames(
                generationTokens: [MetricSelector(name: "llamacpp:tokens_predicted_total")],
                promptTokens: [MetricSelector(name: "llamacpp:prompt_tokens_total")],
                running: [MetricSelector(name: "llamacpp:requests_processing")],
                waiting: [MetricSelector(name: "llamacpp:requests_deferred")],
                kvCacheUsage: [MetricSelector(name: "llamacpp:kv_cache_usage_ratio")]
            )
        case .triton:
            return ServerMetricNames(
                requests: [
                    MetricSelector(name: "nv_inference_request_success"),
                    MetricSelector(name: "nv_inference_request_failure"),
                ],
                errors: [MetricSelector(name: "nv_inference_request_failure")],
                e2eLatency: HistogramName(name: "vllm:e2e_request_latency_seconds"),
                timeToFirstToken: HistogramName(name: "nv_inference_first_response_histogram_ms", divisor: 1000),
                interTokenLatency: [HistogramName(name: "vllm:time_per_output_token_seconds")],
                queueTime: HistogramName(name: "vllm:request_queue_time_seconds"),
                generationTokens: [MetricSelector(name: "vllm:generation_tokens_total")],
                promptTokens: [MetricSelector(name: "vllm:prompt_tokens_total")],
                waiting: [MetricSelector(name: "nv_inference_pending_request_count")],
                kvCacheUsage: [MetricSelector(name: "vllm:gpu_cache_usage_perc")]
            )
        case .sglang:
            return ServerMetricNames(
                requests: [MetricSelector(name: "sglang:num_requests_total")],
                errors: [MetricSelector(name: "sglang:num_aborted_requests_total")],
                e2eLatency: HistogramName(name: "sglang:e2e_request_latency_seconds"),
                timeToFirstToken: HistogramName(name: "sglang:time_to_first_token_seconds"),
                interTokenLatency: [HistogramName(name: "sglang:inter_token_latency_seconds")],
                queueTime: HistogramName(name: "sglang:queue_time_seconds"),
                generationTokens: [MetricSelector(name: "sglang:generation_tokens_total")],
                promptTokens: [MetricSelector(name: "sglang:prompt_tokens_total")],
                running: [MetricSelector(name: "sglang:num_running_reqs")],
                waiting: [MetricSelector(name: "sglang:num_queue_reqs")],
                kvCacheUsage: [MetricSelector(name: "sglang:token_usage")]
            )
        case .litellm:
            let requests = "litellm_proxy_total_requests_metric_total"
            return ServerMetricNames(
                requests: [MetricSelector(name: requests)],
                // Not 2xx; a series without `status_code` counts as a success, as in the adapter.
                errors: [MetricSelector(name: requests, matchers: [#"status_code=~"[^2].*""#])],
                e2eLatency: HistogramName(name: "litellm_request_total_latency_metric"),
                timeToFirstToken: HistogramName(name: "litellm_llm_api_time_to_first_token_metric"),
                queueTime: HistogramName(name: "litellm_request_queue_time_seconds"),
                generationTokens: [MetricSelector(name: "litellm_output_tokens_metric_total")],
                promptTokens: [MetricSelector(name: "litellm_input_tokens_metric_total")]
            )
        case .ollama, .openai, .prometheus:
            return ServerMetricNames()
        }
    }
}
