import Config

/// What an application's experiment metrics and their labels are called (the metric contract in
/// the README; renamed by the configuration's `experiments:`), and which outcomes count as
/// success.
public struct ExperimentNaming: Sendable, Equatable {
    public var metrics = ExperimentMetricNames()
    public var labels = ExperimentLabelNames()
    /// Outcome label values counted as successes; every other value is a failure.
    public var successOutcomes: Set<String> = ["success"]

    public init() {}

    /// Every metric name, for one grouped series lookup.
    var allMetrics: [String] {
        [metrics.requests, metrics.latency, metrics.tokens, metrics.cost, metrics.feedback, metrics.score]
    }
}
