/// How the mixing variance τ² of the normal-mixture mSPRT is chosen: τ² sets the effect size the
/// test is most sensitive to; too small or too large both lose power (llmops-methods §2.4).
public enum SequentialTuning: Sendable, Hashable {
    /// GrowthBook's N*: the total sample across the two arms at which a decision is expected
    /// (default 5,000; keep it fixed for an experiment). ρ = √((−2 ln α + ln(−2 ln α + 1))/N*)
    /// and τ² = ρ²·N·SE², with N = n_C + n_T (gbstats `frequentist/tests.py`; Waudby-Smith et al.
    /// 2023, arXiv 2103.06476 eq. 161).
    case plannedSampleSize(Double)
    /// The truncation-time rule of the mixtureSPRT R package (`R/calcTau.R`, after Johari et al.
    /// 2017) for a maximum planned sample of M per arm: b = 2·ln(1/α)/√(M·σ²),
    /// τ² = σ²·Φ(−b)/(φ(b)/b − Φ(−b)), with σ² the per-observation variance, estimated as N·SE²/4.
    case truncation(maximumSamplePerArm: Double)
    /// τ² given directly, in squared units of the difference.
    case mixingVariance(Double)

    /// GrowthBook's default N* (`sequentialTestingTuningParameter`).
    public static let growthBookDefault = SequentialTuning.plannedSampleSize(5000)

    /// τ² for the current look; nil for a non-positive tuning value or variance.
    /// - Parameters:
    ///   - alpha: the two-sided significance level.
    ///   - differenceVariance: SE² of the difference at this look.
    ///   - totalCount: N = n_C + n_T at this look.
    public func mixingVariance(alpha: Double, differenceVariance: Double, totalCount: Double) -> Double? {
        guard alpha > 0, alpha < 1, differenceVariance > 0, totalCount > 0 else {
            return nil
        }
        let tau2: Double
        switch self {
        case .plannedSampleSize(let plannedTotal):
            guard plannedTotal > 0 else {
                return nil
            }
            tau2 =
                Self.growthBookRho(alpha: alpha, plannedTotal: plannedTotal).squared * totalCount * differenceVariance
        case .truncation(let maximum):
            let observationVariance = totalCount * differenceVariance / 4
            tau2 = Self.truncationMixingVariance(
                alpha: alpha,
                observationVariance: observationVariance,
                maximumSamplePerArm: maximum
            )
        case .mixingVariance(let value):
            tau2 = value
        }
        return tau2 > 0 && tau2.isFinite ? tau2 : nil
    }

    /// ρ = √((−2 ln α + ln(−2 ln α + 1))/N*) (gbstats `frequentist/tests.py`, two-sided).
    public static func growthBookRho(alpha: Double, plannedTotal: Double) -> Double {
        let minusTwoLogAlpha = -2 * Elementary.log(alpha)
        return ((minusTwoLogAlpha + Elementary.log(minusTwoLogAlpha + 1)) / plannedTotal).squareRoot()
    }

    /// τ² = σ²·Φ(−b)/(φ(b)/b − Φ(−b)), b = 2·ln(1/α)/√(M·σ²) (mixtureSPRT `R/calcTau.R`).
    public static func truncationMixingVariance(
        alpha: Double,
        observationVariance: Double,
        maximumSamplePerArm: Double
    ) -> Double {
        let b = 2 * -Elementary.log(alpha) / (maximumSamplePerArm * observationVariance).squareRoot()
        let tail = StandardNormal.cdf(-b)
        return observationVariance * tail / (StandardNormal.density(b) / b - tail)
    }
}

extension Double {
    fileprivate var squared: Double {
        self * self
    }
}
