import Vocabulary

/// What the console wants from the store: which charts and detail, how often, or nothing (paused).
public struct ReadRequest: Sendable, Equatable {
    public var latencyOf: DeploymentRef?
    /// Deployments whose charts are overlaid (the marked ones), in series order.
    public var overlay: [DeploymentRef]
    public var range: TimeRange
    public var detailOf: DeploymentRef?
    /// Whether the prompt experiments are read (the Experiments pane is shown).
    public var experiments = false
    /// Whether the alert list and the silences are read (the Alerts pane is shown); the alert
    /// counts are read on every refresh whatever this says (the header and the Fleet marks).
    public var alerts = false
    /// Seconds between reads.
    public var interval: Double
    public var isPaused: Bool

    public init(
        latencyOf: DeploymentRef? = nil,
        overlay: [DeploymentRef] = [],
        range: TimeRange = .oneHour,
        detailOf: DeploymentRef? = nil,
        experiments: Bool = false,
        alerts: Bool = false,
        interval: Double = 1,
        isPaused: Bool = false
    ) {
        self.latencyOf = latencyOf
        self.overlay = overlay
        self.range = range
        self.detailOf = detailOf
        self.experiments = experiments
        self.alerts = alerts
        self.interval = interval
        self.isPaused = isPaused
    }
}
