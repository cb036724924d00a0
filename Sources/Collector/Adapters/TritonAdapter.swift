import Config
import Exposition
import Foundation
import Store
import Vocabulary

/// NVIDIA Triton (`nv_` metrics, `/v2/health/ready` answering 400 when not ready, `/v2`);
/// serving-metrics.md §5. Its first-response histogram is in milliseconds and becomes seconds here.
public struct TritonAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .triton }
    public var healthPath: String? { "/v2/health/ready" }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/v2"] }
    /// The served models and versions are labels of the inference counters.
    public var identityReadsMetrics: Bool { true }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        var out: [CanonicalSample] = []
        out += index.counters(
            "nv_inference_request_success",
            as: .requests,
            labels: RequestOutcome.success.labelText
        )
        out += index.counters("nv_inference_request_failure", as: .requests, labels: RequestOutcome.error.labelText)
        out += index.histogram("nv_inference_first_response_histogram_ms", as: .timeToFirstToken, scale: 0.001)
        out += index.counters("vllm:prompt_tokens_total", as: .promptTokens)
        out += index.counters("vllm:generation_tokens_total", as: .generationTokens)
        out += index.histogram("vllm:e2e_request_latency_seconds", as: .e2eLatency)
        out += index.histogram("vllm:time_per_output_token_seconds", as: .interTokenLatency)
        out += index.histogram("vllm:request_queue_time_seconds", as: .queueTime)
        out += [
            index.gaugeSum("nv_inference_pending_request_count", as: .waiting),
            index.gaugeMean("vllm:gpu_cache_usage_perc", as: .kvCacheUsage),
        ].compactMap { $0 }
        return out
    }

    /// Model and version from the labels of `nv_inference_request_success` (highest version wins).
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let pairs = index.samples("nv_inference_request_success").map { sample in
            (
                model: sample.labels.first { $0.name == "model" }?.value,
                version: sample.labels.first { $0.name == "version" }?.value
            )
        }
        let newest = pairs.max { (Int($0.version ?? "") ?? 0) < (Int($1.version ?? "") ?? 0) }
        return ServedIdentity(model: newest?.model, version: newest?.version)
    }
}
