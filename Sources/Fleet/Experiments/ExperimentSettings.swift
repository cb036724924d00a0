import Analysis

/// How one experiment is judged: its control, the split it was meant to have, when it started,
/// and the statistical settings (defaults are GrowthBook's where it has one).
public struct ExperimentSettings: Sendable, Equatable {
    /// The control variant; nil for the alphabetically first.
    public var control: String?
    /// Expected traffic weight per variant; variants left out (or all, when empty) weigh equally.
    public var split: [String: Double] = [:]
    /// Milliseconds since the Unix epoch; nil for the oldest stored increment of its requests.
    public var start: Int64?
    public var alpha = 0.05
    /// Absolute change of the success rate worth detecting (0.01 = one percentage point).
    public var minimumDetectableEffect = 0.01
    /// No verdict until every arm has this many requests.
    public var minimumRequestsPerArm = 150.0
    /// How the mSPRT's mixing variance τ² is chosen.
    public var tuning = SequentialTuning.growthBookDefault
    /// A treatment whose p95 latency exceeds control's by more than this is flagged; nil: off.
    public var latencyMargin: GuardrailMargin? = .relative(0.10)
    /// A treatment whose error rate exceeds control's by more than this (certainly: the
    /// always-valid interval's bound) is flagged; nil: off.
    public var errorRateMargin: GuardrailMargin? = .absolute(0.02)
    /// A treatment whose cost per request exceeds control's by more than this is flagged; nil: off.
    public var costMargin: GuardrailMargin? = .relative(0.10)

    public init() {}

    /// The verdict policy these settings describe for `variants` (control first).
    func policy(variants: [String]) -> ExperimentPolicy {
        let weights = split.isEmpty ? [] : variants.map { split[$0] ?? 1 }
        return ExperimentPolicy(
            test: MixtureSequentialTest(alpha: alpha, tuning: tuning),
            minimumDetectableEffect: minimumDetectableEffect,
            minimumRequestsPerArm: minimumRequestsPerArm,
            expectedSplit: weights
        )
    }
}

/// The settings of every experiment: defaults, and per experiment by name.
public struct ExperimentRules: Sendable, Equatable {
    public var naming = ExperimentNaming()
    public var defaults = ExperimentSettings()
    public var byName: [String: ExperimentSettings] = [:]
    /// Milliseconds the store keeps raw rows (its retention): looks over older time are hourly.
    public var rawRetention: Int64 = 48 * 3_600_000

    public init() {}

    public func settings(of experiment: String) -> ExperimentSettings { byName[experiment] ?? defaults }
}
