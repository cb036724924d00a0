import Analysis

/// Everything the console shows, read from the store in one go by `SnapshotReader`.
///
/// A value: the background reader builds it, the UI thread only swaps it in.
public struct FleetSnapshot: Sendable, Equatable {
    /// Milliseconds since the Unix epoch when the read finished.
    public var takenAt: Int64
    public var deployments: [DeploymentStatus]
    /// Charts for the deployment the request named; nil when none was asked for.
    public var latency: LatencyHistory?
    /// Charts of the overlaid (marked) deployments, in the request's order; those gone from the
    /// store are left out.
    public var overlay: [LatencyHistory]
    /// Detail of the deployment the request named; nil when none was asked for.
    public var detail: DeploymentDetail?
    /// The prompt experiments, by name; nil when they were not asked for.
    public var experiments: [ExperimentReport]?
    /// Open alerts and those resolved lately, in reading order (`AlertReader`); nil when they
    /// were not asked for.
    public var alerts: [AlertRecord]?
    /// Silences not yet expired, soonest to end first; nil when the alerts were not asked for.
    public var silences: [AlertSilence]?
    /// Open alerts counted (header, Fleet marks); read on every refresh, nil when the read failed.
    public var alertCounts: AlertCounts?
    /// Ids (`rule/deployment`) of the critical alerts firing at this read and not silenced: the
    /// bell rings for an id that was not among them at the read before. Empty when `alertCounts`
    /// is nil.
    public var criticalFiring: Set<String> = []
    /// The store error of this read, shown on the status line; the previous data stays on screen.
    public var error: String?

    public init(
        takenAt: Int64,
        deployments: [DeploymentStatus],
        latency: LatencyHistory? = nil,
        overlay: [LatencyHistory] = [],
        detail: DeploymentDetail? = nil,
        error: String? = nil
    ) {
        self.takenAt = takenAt
        self.deployments = deployments
        self.latency = latency
        self.overlay = overlay
        self.detail = detail
        self.error = error
    }

    /// The newest poll of any deployment, milliseconds since the Unix epoch.
    public var newestPoll: Int64? {
        // A loop, not compactMap + max: the header asks on every frame, over thousands of rows.
        var newest: Int64?
        for deployment in deployments {
            if let poll = deployment.lastPoll, poll > newest ?? .min { newest = poll }
        }
        return newest
    }
}

/// Latency quantiles over a time range for one deployment, ready for the charts.
public struct LatencyHistory: Sendable, Equatable {
    public var deployment: String
    public var range: TimeRange
    /// Milliseconds since the Unix epoch of the right edge.
    public var end: Int64
    /// End-to-end latency, seconds, one point per step.
    public var e2e: QuantileSeries
    /// Time to first token, seconds, one point per step.
    public var ttft: QuantileSeries
    /// Deploys and other events drawn as markers.
    public var markers: [TimelineEvent]
    /// What a deployment without latency histograms (llama.cpp) exports instead; nil when it
    /// exports a latency histogram.
    public var throughput: ThroughputSeries?

    public init(
        deployment: String,
        range: TimeRange,
        end: Int64,
        e2e: QuantileSeries = QuantileSeries(),
        ttft: QuantileSeries = QuantileSeries(),
        markers: [TimelineEvent] = [],
        throughput: ThroughputSeries? = nil
    ) {
        self.deployment = deployment
        self.range = range
        self.end = end
        self.e2e = e2e
        self.ttft = ttft
        self.markers = markers
        self.throughput = throughput
    }

    /// The left edge of the charts: the range's start, or a step before the oldest point when the
    /// history is younger than the range (a new store, a new deployment), so the data it has
    /// fills the chart instead of a sliver at its right edge.
    public var start: Int64 {
        let rangeStart = end - range.duration
        let points =
            [e2e, ttft].flatMap { [$0.p50, $0.p95, $0.p99] }
            + [throughput?.tokensPerSecond ?? [], throughput?.running ?? [], throughput?.waiting ?? []]
        guard let oldest = points.compactMap({ $0.first?.time }).min() else { return rangeStart }
        return min(max(rangeStart, oldest - range.step), end - range.step)
    }
}

/// Generated tokens per second and the running and waiting requests over time, one point per
/// step (points are milliseconds since the epoch; tokens/s, requests).
public struct ThroughputSeries: Sendable, Equatable {
    public var tokensPerSecond: [SeriesPoint]
    public var running: [SeriesPoint]
    public var waiting: [SeriesPoint]

    public init(tokensPerSecond: [SeriesPoint] = [], running: [SeriesPoint] = [], waiting: [SeriesPoint] = []) {
        self.tokensPerSecond = tokensPerSecond
        self.running = running
        self.waiting = waiting
    }
}

/// p50/p95/p99 over time; points are (milliseconds since the epoch, seconds).
public struct QuantileSeries: Sendable, Equatable {
    public var p50: [SeriesPoint]
    public var p95: [SeriesPoint]
    public var p99: [SeriesPoint]

    public init(p50: [SeriesPoint] = [], p95: [SeriesPoint] = [], p99: [SeriesPoint] = []) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
    }

    public var isEmpty: Bool { p50.isEmpty && p95.isEmpty && p99.isEmpty }
}

/// A value at a time (milliseconds since the Unix epoch).
public struct SeriesPoint: Sendable, Equatable {
    public var time: Int64
    public var value: Double

    public init(time: Int64, value: Double) {
        self.time = time
        self.value = value
    }
}

/// Something that happened to a deployment (deploy, rollback, alert), for markers and history.
public struct TimelineEvent: Sendable, Equatable {
    public var time: Int64
    public var kind: String
    public var detail: String

    public init(time: Int64, kind: String, detail: String) {
        self.time = time
        self.kind = kind
        self.detail = detail
    }
}
