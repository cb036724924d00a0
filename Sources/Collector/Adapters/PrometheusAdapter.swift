import Config
import Foundation
import Store
import Vocabulary

/// Any Prometheus exposition: raw series only, the metrics answer is the health signal.
public struct PrometheusAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .prometheus }
    public var healthPath: String? { nil }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { [] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] { [] }

    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity { ServedIdentity() }
}
