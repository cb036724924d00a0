import Vocabulary

/// Everything known about one deployment, for the detail pane.
public struct DeploymentDetail: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var environment: String
    /// The endpoint the collector polls.
    public var url: String
    /// Newest first.
    public var polls: [PollRecord]
    /// Newest first.
    public var versions: [VersionChange]
    /// Raw and canonical series the store holds for it.
    public var series: [SeriesEntry]

    public init(
        name: String,
        kind: String = "",
        environment: String = "",
        url: String = "",
        polls: [PollRecord] = [],
        versions: [VersionChange] = [],
        series: [SeriesEntry] = []
    ) {
        self.name = name
        self.kind = kind
        self.environment = environment
        self.url = url
        self.polls = polls
        self.versions = versions
        self.series = series
    }
}

/// One poll of a deployment: when, with what result.
public struct PollRecord: Sendable, Equatable {
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    public var health: Health
    /// Seconds the poll took.
    public var duration: Double
    public var error: String?

    public init(time: Int64, health: Health, duration: Double, error: String? = nil) {
        self.time = time
        self.health = health
        self.duration = duration
        self.error = error
    }
}

/// A model/version first observed at a time.
public struct VersionChange: Sendable, Equatable {
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    public var model: String
    public var version: String

    public init(time: Int64, model: String, version: String) {
        self.time = time
        self.model = model
        self.version = version
    }
}

/// One stored series: its name, labels and kind (counter, gauge, histogram).
public struct SeriesEntry: Sendable, Equatable {
    public var name: String
    public var labels: String
    public var kind: String

    public init(name: String, labels: String, kind: String) {
        self.name = name
        self.labels = labels
        self.kind = kind
    }
}
