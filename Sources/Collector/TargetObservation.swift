import Config
import Exposition
import Foundation
import Vocabulary

/// Everything one poll of one target produced: what a `MetricSource` hands to the collector.
public struct TargetObservation: Sendable {
    public var target: String
    public var url: String
    public var environment: String
    /// The configured or detected kind; nil while detection has not succeeded.
    public var kind: ServerKind?
    /// Milliseconds since the Unix epoch, when the poll completed.
    public var timestamp: Int64
    public var health: Health
    /// Why the poll was not `up`; never contains a token.
    public var error: String?
    /// Seconds the poll took, all requests together.
    public var durationSeconds: Double
    /// Bytes of the metrics answer.
    public var bytes: Int
    /// The parsed families, indexed: every family after a full parse; when the poll was read
    /// through a `ScrapePlan`, only the families the adapter reads.
    public var index: FamilyIndex
    /// Every raw series and its values (one per sample line); nil: derive them from `index`.
    var raw: RawLayout?
    var rawValues: [Double] = []
    /// The plan for the target's next poll, when its page can be read by layout: what
    /// `TargetScraper.observation(of:kind:answers:plan:…)` takes for that poll.
    public internal(set) var plan: ScrapePlan?
    /// Whether the metrics page was read through the previous poll's plan (true), parsed in full
    /// (false), or not read at all (nil).
    var readByLayout: Bool?
    /// Every parsed family, in page order.
    public var families: [MetricFamily] { index.families }
    /// Canonical values mapped by the adapter.
    public var canonical: [CanonicalSample]
    /// Served model and version after config overrides; nil parts were not reported.
    public var identity: ServedIdentity
    /// Bodies of the identity endpoints this poll fetched (2xx answers only), by path; empty when
    /// the poll used earlier ones.
    public var info: [String: Data]
    /// The server's `process_start_time_seconds`, when it exports one: a change means a restart,
    /// the usual way a new version arrives.
    public var processStartTime: Double?
    /// At most how many milliseconds pass between two reads of the target's latency histograms,
    /// when the source reads them less often than every poll (`TargetRecord.latencyEvery`).
    public var latencyEvery: Int64?

    /// `families` are indexed unless `index` is given (then `families` is ignored).
    public init(
        target: String,
        url: String,
        environment: String,
        kind: ServerKind?,
        timestamp: Int64,
        health: Health,
        error: String? = nil,
        durationSeconds: Double = 0,
        bytes: Int = 0,
        families: [MetricFamily] = [],
        index: FamilyIndex? = nil,
        canonical: [CanonicalSample] = [],
        identity: ServedIdentity = ServedIdentity(),
        info: [String: Data] = [:],
        processStartTime: Double? = nil
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
        self.index = index ?? FamilyIndex(families)
        self.canonical = canonical
        self.identity = identity
        self.info = info
        self.processStartTime = processStartTime
    }
}
