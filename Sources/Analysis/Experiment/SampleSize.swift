/// Requests per arm needed to detect an effect, and the smallest effect a sample can detect.
public enum SampleSize {
    /// Per-arm n to detect a change from rate p₁ to p₂ with a two-sided fixed-horizon test:
    /// n = (z₁₋α/₂ + z₁₋β)²·(p₁(1−p₁) + p₂(1−p₂))/(p₂ − p₁)², rounded up (llmops-methods §2.7;
    /// GrowthBook docs/statistics/power-technical.mdx). nil when the rates are equal or outside
    /// [0, 1], or α or the power is outside (0, 1).
    public static func perArm(
        baselineRate p1: Double,
        treatmentRate p2: Double,
        alpha: Double = 0.05,
        power: Double = 0.8
    ) -> Double? {
        guard p1 >= 0, p1 <= 1, p2 >= 0, p2 <= 1, p1 != p2, let z = criticalSum(alpha: alpha, power: power) else {
            return nil
        }
        return (z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / ((p2 - p1) * (p2 - p1))).rounded(.up)
    }

    /// Per-arm n to detect a difference of means δ with per-observation standard deviation σ:
    /// n = 2(z₁₋α/₂ + z₁₋β)²σ²/δ², rounded up (llmops-methods §2.7).
    public static func perArm(
        standardDeviation sigma: Double,
        difference delta: Double,
        alpha: Double = 0.05,
        power: Double = 0.8
    ) -> Double? {
        guard sigma > 0, delta != 0, delta.isFinite, let z = criticalSum(alpha: alpha, power: power) else {
            return nil
        }
        return (2 * z * z * sigma * sigma / (delta * delta)).rounded(.up)
    }

    /// The smallest difference of means detectable with n per arm: σ·√(2/n)·(z₁₋α/₂ + z₁₋β)
    /// (llmops-methods §2.7).
    public static func minimumDetectableEffect(
        standardDeviation sigma: Double,
        perArm n: Double,
        alpha: Double = 0.05,
        power: Double = 0.8
    ) -> Double? {
        guard sigma > 0, n > 0, let z = criticalSum(alpha: alpha, power: power) else {
            return nil
        }
        return sigma * (2 / n).squareRoot() * z
    }

    /// Per-arm n at which the always-valid test is expected to detect a change of ±δ in a rate
    /// from p₁: the smallest n with δ ≥ w(n) + z₁₋β·SE(n), where w is the confidence sequence's
    /// half-width and SE² = (p₁(1−p₁) + p₂(1−p₂))/n — the fixed-horizon formula above with
    /// z₁₋α/₂ replaced by the sequence's wider margin, taking the larger n of p₂ = p₁ ± δ.
    ///
    /// Reading the fixed-horizon n while testing sequentially would promise a verdict too early
    /// (a sequence is wider than a fixed interval). nil when neither p₁ + δ nor p₁ − δ is a rate,
    /// or no n below 10¹⁵ suffices.
    public static func perArmSequential(
        baselineRate p1: Double,
        minimumDetectableEffect delta: Double,
        test: MixtureSequentialTest,
        power: Double = 0.8
    ) -> Double? {
        guard p1 >= 0, p1 <= 1, delta > 0, power > 0, power < 1 else {
            return nil
        }
        let zPower = StandardNormal.quantile(power)
        let variances = [p1 + delta, p1 - delta].filter { $0 >= 0 && $0 <= 1 }.map { p1 * (1 - p1) + $0 * (1 - $0) }
        let sizes = variances.compactMap { variance in
            smallestSize { n in
                let se2 = variance / n
                guard let look = test.look(difference: 0, differenceVariance: se2, totalCount: 2 * n) else {
                    return false
                }
                return delta >= look.confidenceSequence.upper + zPower * se2.squareRoot()
            }
        }
        return sizes.count == variances.count ? sizes.max() : nil
    }

    /// Further requests per arm until `required`, counted from the smaller arm; 0 once reached.
    public static func furtherPerArm(required: Double, control: Double, treatment: Double) -> Double {
        max(0, required - min(control, treatment))
    }

    /// z₁₋α/₂ + z₁₋β.
    private static func criticalSum(alpha: Double, power: Double) -> Double? {
        guard alpha > 0, alpha < 1, power > 0, power < 1 else {
            return nil
        }
        return StandardNormal.quantile(1 - alpha / 2) + StandardNormal.quantile(power)
    }

    /// The smallest whole n in [1, 10¹⁵] where `isEnough` holds, by bisection on a monotone test.
    private static func smallestSize(where isEnough: (Double) -> Bool) -> Double? {
        var low = 1.0
        var high = 1e15
        if isEnough(low) {
            return low
        }
        guard isEnough(high) else {
            return nil
        }
        while high - low > 1 {
            let geometric = (low * high).squareRoot().rounded(.down)
            let next = geometric > low && geometric < high ? geometric : ((low + high) / 2).rounded(.down)
            if isEnough(next) {
                high = next
            } else {
                low = next
            }
        }
        return high
    }
}
