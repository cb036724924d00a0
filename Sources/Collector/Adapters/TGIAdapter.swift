import Config
import Foundation
import Store
import Vocabulary

/// Hugging Face TGI (`tgi_` metrics without `_total`, `/health`, `/info`); serving-metrics.md §3.
/// TGI exports no time-to-first-token histogram, so that canonical series stays empty.
public struct TGIAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .tgi }
    public var healthPath: String? { "/health" }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/info"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        var out: [CanonicalSample] = []
        out += index.counters("tgi_request_success", as: .requests, labels: RequestOutcome.success.labelText)
        out += index.counters("tgi_request_failure", as: .requests, labels: RequestOutcome.error.labelText)
        out += index.histogramSum("tgi_request_input_length", as: .promptTokens)
        out += index.histogramSum("tgi_request_generated_tokens", as: .generationTokens)
        out += index.histogram("tgi_request_duration", as: .e2eLatency)
        out += index.histogram("tgi_request_mean_time_per_token_duration", as: .interTokenLatency)
        out += index.histogram("tgi_request_queue_duration", as: .queueTime)
        out += [
            index.gaugeSum("tgi_batch_current_size", as: .running),
            index.gaugeSum("tgi_queue_size", as: .waiting),
        ].compactMap { $0 }
        return out
    }

    /// Model = `/info` `model_id`; version = `model_sha`, else the TGI version.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let object = jsonObject(info, "/info")
        let sha = object?["model_sha"] as? String
        return ServedIdentity(model: object?["model_id"] as? String, version: sha ?? object?["version"] as? String)
    }
}
