/// The reference distribution of a test statistic: the standard normal (z tests) or Student's t
/// with Welch–Satterthwaite degrees of freedom.
struct TestDistribution: Sendable {
    /// Degrees of freedom, or nil for the standard normal.
    var degreesOfFreedom: Double?
    /// The two-sided level of intervals, 0.95 for 95 %.
    var confidence: Double

    /// P(|S| > |statistic|).
    func twoSidedPValue(_ statistic: Double) -> Double {
        let magnitude = -abs(statistic)
        guard let nu = degreesOfFreedom else {
            return min(1, 2 * StandardNormal.cdf(magnitude))
        }
        return min(1, 2 * StudentT.cdf(magnitude, degreesOfFreedom: nu))
    }

    /// The critical value c with P(|S| ≤ c) = confidence.
    var criticalValue: Double {
        let p = 1 - (1 - confidence) / 2
        guard let nu = degreesOfFreedom else {
            return StandardNormal.quantile(p)
        }
        return StudentT.quantile(p, degreesOfFreedom: nu)
    }

    /// An estimate tested against 0: statistic estimate/SE, its p-value and the interval.
    func estimate(_ value: Double, standardError: Double) -> EffectEstimate {
        let statistic = value / standardError
        return EffectEstimate(
            estimate: value,
            standardError: standardError,
            statistic: statistic,
            pValue: twoSidedPValue(statistic),
            interval: ConfidenceInterval(center: value, halfWidth: criticalValue * standardError)
        )
    }
}
