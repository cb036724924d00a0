/// What the evaluator saw for one rule on one deployment at one tick.
public enum AlertObservation: Sendable, Equatable {
    /// The rule's aggregation over its window, in the measure's unit, with the same figure over
    /// the deployment's baseline window when the rule compares against one (`nil`: no baseline yet).
    case value(Double, baseline: Double? = nil)
    /// No sample in the window (the series is absent, or a ratio has no requests); the rule's
    /// `AlertNoDataMode` decides what that means.
    case noData
    /// Samples exist but fewer requests than the rule's `minimumRequests`: a ratio or quantile of
    /// a handful of requests is noise, so the condition counts as not met (never as no data, which
    /// under `alerting` would fire on every quiet night).
    case belowGate
}

/// What a rule does when a tick has no data, after Langfuse's no-data options and Prometheus
/// (where an absent series simply makes the condition false).
public enum AlertNoDataMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The condition is false: a pending alert goes inactive, a firing one resolves once
    /// `keep_firing_for` has passed (Prometheus's behaviour for an absent series).
    case ok
    /// The condition holds at the rule's highest severity: silence is itself the problem.
    case alerting
    /// The tick is skipped: no timer runs and nothing changes until data returns.
    case keep
}
