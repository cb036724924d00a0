import Config
import Foundation
import Vocabulary

/// Maps one kind of model server onto the canonical vocabulary: which endpoints to poll and how to
/// read them. Adapters are pure: they see parsed families and JSON bodies, never the network.
public protocol ServerAdapter: Sendable {
    var kind: ServerKind { get }
    /// Polled every interval for liveness; nil when the metrics (or info) answer is the health signal.
    var healthPath: String? { get }
    /// Whether the server exposes a Prometheus `/metrics` page.
    var hasMetrics: Bool { get }
    /// JSON endpoints read for the served model and version.
    var infoPaths: [String] { get }
    /// Whether a health answer with this HTTP status means healthy.
    func isHealthy(status: Int) -> Bool
    /// The canonical values found in one scrape (cumulative counters and histograms, gauge values).
    func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample]
    /// The served model and version, from info bodies keyed by path and the scrape's families.
    func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity
    /// Whether `identity` reads the scrape's families too (not only the info bodies), so it must be
    /// worked out again on every poll.
    var identityReadsMetrics: Bool { get }
}

extension ServerAdapter {
    public func isHealthy(status: Int) -> Bool { (200..<300).contains(status) }

    public var identityReadsMetrics: Bool { false }

    /// The top-level JSON object of a body, or nil when it is missing or not an object.
    func jsonObject(_ info: [String: Data], _ path: String) -> [String: Any]? {
        guard let data = info[path] else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The first base model card of an OpenAI `/v1/models` list (LoRA cards carry a `parent`).
    func firstModelCard(_ info: [String: Data]) -> [String: Any]? {
        guard let list = jsonObject(info, "/v1/models"), let data = list["data"] as? [[String: Any]] else {
            return nil
        }
        return data.first { ($0["parent"] as? String) == nil } ?? data.first
    }
}

/// The adapter for each server kind.
public enum ServerAdapters {
    public static func adapter(for kind: ServerKind) -> any ServerAdapter {
        switch kind {
        case .vllm: VLLMAdapter()
        case .tgi: TGIAdapter()
        case .llamacpp: LlamaCppAdapter()
        case .triton: TritonAdapter()
        case .sglang: SGLangAdapter()
        case .ollama: OllamaAdapter()
        case .litellm: LiteLLMAdapter()
        case .openai: OpenAIAdapter()
        case .prometheus: PrometheusAdapter()
        }
    }
}
