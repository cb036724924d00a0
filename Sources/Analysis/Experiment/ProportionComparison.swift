/// A treatment's rate against control's, tested at a fixed horizon: the pooled two-proportion
/// z test, the unpooled interval of the difference and the relative difference.
///
/// Pooled P = (x₁+x₂)/(n₁+n₂), z = (p₂−p₁)/√(P(1−P)(1/n₁+1/n₂)), p = 2(1 − Φ(|z|)) — equal to the
/// 2×2 χ² without continuity correction (llmops-methods §2.2; Evidently `z_stattest.py`;
/// SciPy `chi2_contingency(correction=False)`); the interval uses the unpooled standard error
/// √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂); the relative difference uses the delta method (§2.1).
public struct ProportionComparison: Sendable, Hashable {
    /// Treatment rate − control rate: `statistic` is the pooled z and `pValue` its p-value;
    /// `standardError` and `interval` are unpooled.
    public let absolute: EffectEstimate
    /// (treatment − control)/control with a normal interval; nil when control's rate is 0.
    public let relative: EffectEstimate?
    /// The control arm.
    public let control: ProportionSample
    /// The treatment arm.
    public let treatment: ProportionSample

    /// Compares two arms; nil when either has no trials (no division by zero, no test).
    /// - Parameter confidence: the two-sided level of the intervals, 0.95 for 95 %.
    public init?(control: ProportionSample, treatment: ProportionSample, confidence: Double = 0.95) {
        guard let p1 = control.rate, let p2 = treatment.rate, confidence > 0, confidence < 1 else {
            return nil
        }
        let n1 = control.trials
        let n2 = treatment.trials
        let difference = p2 - p1
        let pooled = (control.successes + treatment.successes) / (n1 + n2)
        let pooledError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let unpooledError = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        let normal = TestDistribution(degreesOfFreedom: nil, confidence: confidence)
        // Everything succeeded or everything failed in both arms: no evidence of a difference.
        let z = pooledError > 0 ? difference / pooledError : 0
        absolute = EffectEstimate(
            estimate: difference,
            standardError: unpooledError,
            statistic: z,
            pValue: normal.twoSidedPValue(z),
            interval: ConfidenceInterval(center: difference, halfWidth: normal.criticalValue * unpooledError)
        )
        relative = EffectEstimate.relative(
            control: (p1, p1 * (1 - p1), n1),
            treatment: (p2, p2 * (1 - p2), n2),
            distribution: normal
        )
        self.control = control
        self.treatment = treatment
    }

    /// The variance of the absolute difference, p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂: what the sequential
    /// test and the Bayesian posterior are built on.
    public var differenceVariance: Double {
        absolute.standardError * absolute.standardError
    }

    /// n₁ + n₂.
    public var totalTrials: Double {
        control.trials + treatment.trials
    }
}
