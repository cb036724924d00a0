import Config
import Exposition
import Foundation
import Store
import Vocabulary

/// vLLM (`vllm:` metrics, `/health`, `/v1/models`, `/version`); serving-metrics.md §2.
public struct VLLMAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .vllm }
    public var healthPath: String? { "/health" }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/v1/models", "/version"] }

    /// `finished_reason` values that count as failed requests: an engine error or an abort.
    static let errorReasons: Set<String> = ["error", "abort"]

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        let reason = { (sample: Exposition.Sample) in
            sample.labels.first { $0.name == "finished_reason" }?.value ?? ""
        }
        var out: [CanonicalSample] = []
        out += index.counters(
            "vllm:request_success_total",
            as: .requests,
            labels: RequestOutcome.success.labelText,
            where: { !Self.errorReasons.contains(reason($0)) }
        )
        out += index.counters(
            "vllm:request_success_total",
            as: .requests,
            labels: RequestOutcome.error.labelText,
            where: { Self.errorReasons.contains(reason($0)) }
        )
        out += index.counters("vllm:prompt_tokens_total", as: .promptTokens)
        out += index.counters("vllm:generation_tokens_total", as: .generationTokens)
        out += index.histogram("vllm:e2e_request_latency_seconds", as: .e2eLatency)
        out += index.histogram("vllm:time_to_first_token_seconds", as: .timeToFirstToken)
        let interToken = index.histogram("vllm:inter_token_latency_seconds", as: .interTokenLatency)
        out +=
            interToken.isEmpty
            ? index.histogram("vllm:time_per_output_token_seconds", as: .interTokenLatency) : interToken
        out += index.histogram("vllm:request_queue_time_seconds", as: .queueTime)
        out += [
            index.gaugeSum("vllm:num_requests_running", as: .running),
            index.gaugeSum("vllm:num_requests_waiting", as: .waiting),
            index.gaugeMean("vllm:kv_cache_usage_perc", as: .kvCacheUsage)
                ?? index.gaugeMean("vllm:gpu_cache_usage_perc", as: .kvCacheUsage),
        ].compactMap { $0 }
        return out
    }

    /// Model = the base card's `id`; version = its `root` (the weights path), else the vLLM version.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let card = firstModelCard(info)
        let root = card?["root"] as? String
        let software = jsonObject(info, "/version")?["version"] as? String
        return ServedIdentity(model: card?["id"] as? String, version: root ?? software)
    }
}
