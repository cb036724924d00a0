/// A polled deployment as the collector last described it.
public struct TargetRecord: Sendable, Equatable {
    public var name: String
    public var url: String
    /// Server kind (`vllm`, `tgi`, …) as detected or configured.
    public var kind: String
    public var environment: String
    /// At most how many milliseconds pass between two reads of the deployment's latency
    /// histograms, when they are read less often than its other figures (a Prometheus source's
    /// `histogram_batch`, in turns); nil when every poll reads them. Its latency windows are
    /// never shorter than this, so a window always holds a read.
    public var latencyEvery: Int64?

    public init(name: String, url: String, kind: String, environment: String, latencyEvery: Int64? = nil) {
        self.name = name
        self.url = url
        self.kind = kind
        self.environment = environment
        self.latencyEvery = latencyEvery
    }
}
