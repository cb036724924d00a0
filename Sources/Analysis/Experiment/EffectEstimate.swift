/// One estimated effect of a treatment against control with its fixed-horizon test: the
/// estimate, its standard error, the test statistic, the two-sided p-value and the interval.
public struct EffectEstimate: Sendable, Hashable {
    /// Treatment − control (absolute), or (treatment − control)/control (relative).
    public var estimate: Double
    /// The standard error of `estimate`.
    public var standardError: Double
    /// The z or t statistic the p-value comes from.
    public var statistic: Double
    /// The two-sided fixed-horizon p-value: valid only when read once, at a planned sample size.
    public var pValue: Double
    /// The fixed-horizon confidence interval of `estimate`.
    public var interval: ConfidenceInterval

    public init(
        estimate: Double,
        standardError: Double,
        statistic: Double,
        pValue: Double,
        interval: ConfidenceInterval
    ) {
        self.estimate = estimate
        self.standardError = standardError
        self.statistic = statistic
        self.pValue = pValue
        self.interval = interval
    }

    /// The relative difference (μT − μC)/μC by the delta method, tested with `distribution`.
    ///
    /// Var = σC²·μT²/(μC⁴·nC) + σT²/(μC²·nT) (GrowthBook docs/statistics/details.mdx and gbstats
    /// `frequentist/tests.py`); nil when the control mean is 0 or the variance is not positive.
    /// - Parameters:
    ///   - control: mean, per-observation variance and count of the control arm.
    ///   - treatment: the same for the treatment arm.
    ///   - distribution: the two-sided p and the interval's critical value for a statistic.
    static func relative(
        control: (mean: Double, variance: Double, count: Double),
        treatment: (mean: Double, variance: Double, count: Double),
        distribution: TestDistribution
    ) -> EffectEstimate? {
        let muC = control.mean
        guard muC != 0 else {
            return nil
        }
        let lift = (treatment.mean - muC) / muC
        let variance =
            control.variance * treatment.mean * treatment.mean / (muC * muC * muC * muC * control.count)
            + treatment.variance / (muC * muC * treatment.count)
        guard variance > 0, variance.isFinite else {
            return nil
        }
        return distribution.estimate(lift, standardError: variance.squareRoot())
    }
}
