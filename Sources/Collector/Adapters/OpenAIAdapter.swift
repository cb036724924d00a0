import Config
import Foundation
import Store
import Vocabulary

/// Any OpenAI-compatible server: the models list is both the health signal and the identity.
public struct OpenAIAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .openai }
    public var healthPath: String? { "/v1/models" }
    public var hasMetrics: Bool { false }
    public var infoPaths: [String] { ["/v1/models"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] { [] }

    /// Model = the first base card's `id`; version = its `root` when the server reports one.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let card = firstModelCard(info)
        return ServedIdentity(model: card?["id"] as? String, version: card?["root"] as? String)
    }
}
