/// The settings a prompt A/B experiment is judged by, as written under `experiments:` (the
/// defaults) or in one entry of `experiments.list` (its overrides).
///
/// The defaults are GrowthBook's where it has one (llmops-methods §2.4, §2.7): α 0.05, at least
/// 150 requests per arm, N* = 5,000.
public struct ExperimentSettingsConfig: Sendable, Equatable {
    /// Two-sided significance level, 0 < α < 0.5.
    public var alpha: Double
    /// The smallest absolute change of the success rate worth detecting (0.01 = one percentage
    /// point), 0 < mde < 1; it sizes the "more requests needed" estimate.
    public var minimumDetectableEffect: Double
    /// No verdict until every arm has this many requests.
    public var minimumRequests: Int
    /// How the always-valid test's mixing variance is tuned.
    public var sequential: SequentialSetting
    /// How much worse than control a treatment may get before it is flagged.
    public var guardrails: GuardrailsConfig

    public static let defaultAlpha = 0.05
    public static let defaultMinimumDetectableEffect = 0.01
    public static let defaultMinimumRequests = 150

    public init(
        alpha: Double = ExperimentSettingsConfig.defaultAlpha,
        minimumDetectableEffect: Double = ExperimentSettingsConfig.defaultMinimumDetectableEffect,
        minimumRequests: Int = ExperimentSettingsConfig.defaultMinimumRequests,
        sequential: SequentialSetting = .standard,
        guardrails: GuardrailsConfig = GuardrailsConfig()
    ) {
        self.alpha = alpha
        self.minimumDetectableEffect = minimumDetectableEffect
        self.minimumRequests = minimumRequests
        self.sequential = sequential
        self.guardrails = guardrails
    }

    /// These settings with every value the overrides give put in their place.
    public func applying(_ overrides: ExperimentSettingsOverrides) -> ExperimentSettingsConfig {
        ExperimentSettingsConfig(
            alpha: overrides.alpha ?? alpha,
            minimumDetectableEffect: overrides.minimumDetectableEffect ?? minimumDetectableEffect,
            minimumRequests: overrides.minimumRequests ?? minimumRequests,
            sequential: overrides.sequential ?? sequential,
            guardrails: guardrails.applying(overrides.guardrails)
        )
    }
}

/// Settings one experiment changes; `nil` keeps the value of `experiments:`.
public struct ExperimentSettingsOverrides: Sendable, Equatable {
    public var alpha: Double?
    public var minimumDetectableEffect: Double?
    public var minimumRequests: Int?
    public var sequential: SequentialSetting?
    public var guardrails: GuardrailOverrides

    public init(
        alpha: Double? = nil,
        minimumDetectableEffect: Double? = nil,
        minimumRequests: Int? = nil,
        sequential: SequentialSetting? = nil,
        guardrails: GuardrailOverrides = GuardrailOverrides()
    ) {
        self.alpha = alpha
        self.minimumDetectableEffect = minimumDetectableEffect
        self.minimumRequests = minimumRequests
        self.sequential = sequential
        self.guardrails = guardrails
    }
}

/// The tuning of the normal-mixture mSPRT (Analysis `SequentialTuning`, llmops-methods §2.4).
public enum SequentialSetting: Sendable, Equatable {
    /// GrowthBook's N*: total requests across the two arms compared at which a decision is
    /// expected (`planned_requests:`); keep it fixed for an experiment.
    case plannedRequests(Double)
    /// The mixing variance τ² itself, in squared units of the success-rate difference
    /// (`tau_squared:`).
    case tauSquared(Double)

    /// GrowthBook's default, N* = 5,000.
    public static let standard = SequentialSetting.plannedRequests(5000)
}
