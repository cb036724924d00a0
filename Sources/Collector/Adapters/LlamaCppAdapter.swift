import Config
import Foundation
import Store
import Vocabulary

/// llama.cpp `llama-server` (`llamacpp:` metrics, `/health`, `/props`); serving-metrics.md §4.
/// It has no histograms and no request counters: latency quantiles and request rates stay empty.
public struct LlamaCppAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .llamacpp }
    public var healthPath: String? { "/health" }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/props", "/v1/models"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        var out: [CanonicalSample] = []
        out += index.counters("llamacpp:prompt_tokens_total", as: .promptTokens)
        out += index.counters("llamacpp:tokens_predicted_total", as: .generationTokens)
        out += [
            index.gaugeSum("llamacpp:requests_processing", as: .running),
            index.gaugeSum("llamacpp:requests_deferred", as: .waiting),
            index.gaugeMean("llamacpp:kv_cache_usage_ratio", as: .kvCacheUsage),
        ].compactMap { $0 }
        return out
    }

    /// Model = the `/v1/models` id (alias or path); version = the `/props` `model_path` (the file deployed).
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let path = jsonObject(info, "/props")?["model_path"] as? String
        let id = firstModelCard(info)?["id"] as? String
        return ServedIdentity(model: id ?? path, version: path ?? id)
    }
}
