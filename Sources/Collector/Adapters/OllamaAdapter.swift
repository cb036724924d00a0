import Config
import Foundation
import Store
import Vocabulary

/// Ollama (no metrics endpoint; `GET /` liveness, `/api/tags`, `/api/version`); serving-metrics.md §7.
public struct OllamaAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .ollama }
    public var healthPath: String? { "/" }
    public var hasMetrics: Bool { false }
    public var infoPaths: [String] { ["/api/tags", "/api/version"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] { [] }

    /// Model = the first model in `/api/tags`; version = its digest's first 12 hex digits, else the
    /// Ollama version.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let models = jsonObject(info, "/api/tags")?["models"] as? [[String: Any]]
        let first = models?.first
        let digest = (first?["digest"] as? String).map { String($0.prefix(12)) }
        let software = jsonObject(info, "/api/version")?["version"] as? String
        return ServedIdentity(model: first?["name"] as? String, version: digest ?? software)
    }
}
