/// A polled deployment as the collector last described it.
public struct TargetRecord: Sendable, Equatable {
    public var name: String
    public var url: String
    /// Server kind (`vllm`, `tgi`, …) as detected or configured.
    public var kind: String
    public var environment: String

    public init(name: String, url: String, kind: String, environment: String) {
        self.name = name
        self.url = url
        self.kind = kind
        self.environment = environment
    }
}
