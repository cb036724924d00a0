import Config
import Exposition
import Foundation
import Store
import Vocabulary

/// LiteLLM proxy (`litellm_` metrics, `/health/liveliness`, `/health/readiness`); serving-metrics.md §8.
/// Requests count as errors when their `status_code` label is not 2xx.
public struct LiteLLMAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .litellm }
    public var healthPath: String? { "/health/liveliness" }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/health/readiness"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        let isSuccess = { (sample: Sample) in
            (sample.labels.first { $0.name == "status_code" }?.value ?? "200").hasPrefix("2")
        }
        let requests = "litellm_proxy_total_requests_metric_total"
        var out: [CanonicalSample] = []
        out += index.counters(requests, as: .requests, labels: RequestOutcome.success.labelText, where: isSuccess)
        out += index.counters(
            requests,
            as: .requests,
            labels: RequestOutcome.error.labelText,
            where: { !isSuccess($0) }
        )
        out += index.counters("litellm_input_tokens_metric_total", as: .promptTokens)
        out += index.counters("litellm_output_tokens_metric_total", as: .generationTokens)
        out += index.histogram("litellm_request_total_latency_metric", as: .e2eLatency)
        out += index.histogram("litellm_llm_api_time_to_first_token_metric", as: .timeToFirstToken)
        out += index.histogram("litellm_request_queue_time_seconds", as: .queueTime)
        return out
    }

    /// LiteLLM routes to many models: no single model; version = the proxy's `litellm_version`.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        ServedIdentity(version: jsonObject(info, "/health/readiness")?["litellm_version"] as? String)
    }
}
