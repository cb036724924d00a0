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
    public var newestPoll: Int64? { deployments.compactMap(\.lastPoll).max() }
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

    public init(
        deployment: String,
        range: TimeRange,
        end: Int64,
        e2e: QuantileSeries = QuantileSeries(),
        ttft: QuantileSeries = QuantileSeries(),
        markers: [TimelineEvent] = []
    ) {
        self.deployment = deployment
        self.range = range
        self.end = end
        self.e2e = e2e
        self.ttft = ttft
        self.markers = markers
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
