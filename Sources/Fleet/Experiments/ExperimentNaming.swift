/// What an application's experiment metrics and their labels are called (the metric contract in
/// the README), and which outcomes count as success.
public struct ExperimentNaming: Sendable, Equatable {
    /// Counter `{experiment, variant, outcome}`.
    public var requests = "llm_prompt_requests_total"
    /// Histogram `{experiment, variant}`, seconds.
    public var latency = "llm_prompt_latency_seconds"
    /// Counter `{experiment, variant, direction="prompt|completion"}`.
    public var tokens = "llm_prompt_tokens_total"
    /// Counter `{experiment, variant}`, dollars.
    public var cost = "llm_prompt_cost_dollars_total"
    /// Counter `{experiment, variant, feedback="positive|negative"}`.
    public var feedback = "llm_prompt_feedback_total"
    /// Histogram `{experiment, variant}`, a quality score.
    public var score = "llm_prompt_score"
    public var experimentLabel = "experiment"
    public var variantLabel = "variant"
    public var outcomeLabel = "outcome"
    public var directionLabel = "direction"
    public var feedbackLabel = "feedback"
    /// Outcome label values counted as successes; every other value is a failure.
    public var successOutcomes: Set<String> = ["success"]

    public init() {}

    /// Every metric name, for one grouped series lookup.
    var allMetrics: [String] { [requests, latency, tokens, cost, feedback, score] }
}
