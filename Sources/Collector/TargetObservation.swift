import Config
import Exposition

/// Everything one poll of one target produced: what a `MetricSource` hands to the collector.
public struct TargetObservation: Sendable {
    public var target: String
    public var url: String
    public var environment: String
    /// The configured or detected kind; nil while detection has not succeeded.
    public var kind: ServerKind?
    /// Milliseconds since the Unix epoch, when the poll completed.
    public var timestamp: Int64
    public var health: TargetHealth
    /// Why the poll was not `up`; never contains a token.
    public var error: String?
    /// Seconds the poll took, all requests together.
    public var durationSeconds: Double
    /// Bytes of the metrics answer.
    public var bytes: Int
    /// Every parsed family, stored as raw series.
    public var families: [MetricFamily]
    /// Canonical values mapped by the adapter.
    public var canonical: [CanonicalSample]
    /// Served model and version after config overrides; nil parts were not reported.
    public var identity: ServedIdentity

    public init(
        target: String,
        url: String,
        environment: String,
        kind: ServerKind?,
        timestamp: Int64,
        health: TargetHealth,
        error: String? = nil,
        durationSeconds: Double = 0,
        bytes: Int = 0,
        families: [MetricFamily] = [],
        canonical: [CanonicalSample] = [],
        identity: ServedIdentity = ServedIdentity()
    ) {
        self.target = target
        self.url = url
        self.environment = environment
        self.kind = kind
        self.timestamp = timestamp
        self.health = health
        self.error = error
        self.durationSeconds = durationSeconds
        self.bytes = bytes
        self.families = families
        self.canonical = canonical
        self.identity = identity
    }
}
