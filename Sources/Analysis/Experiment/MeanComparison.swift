/// A treatment's mean against control's, tested at a fixed horizon with Welch's t test, for the
/// absolute difference and for the relative difference by the delta method.
///
/// SE = √(s_T²/n_T + s_C²/n_C), Welch–Satterthwaite ν = (s_T²/n_T + s_C²/n_C)² /
/// (s_T⁴/(n_T²(n_T−1)) + s_C⁴/(n_C²(n_C−1))), p = 2(1 − F_t(|t|, ν)), CI = Δ ± F_t⁻¹(1−α/2, ν)·SE;
/// the relative difference uses the same ν (llmops-methods §2.1; GrowthBook gbstats
/// `frequentist/tests.py`; SciPy `ttest_ind_from_stats(equal_var=False)`).
public struct MeanComparison: Sendable, Hashable {
    /// Treatment mean − control mean.
    public let absolute: EffectEstimate
    /// (treatment − control)/control; nil when control's mean is 0.
    public let relative: EffectEstimate?
    /// Welch–Satterthwaite degrees of freedom.
    public let degreesOfFreedom: Double

    /// Compares two arms; nil with fewer than two observations in an arm, a negative or
    /// non-finite input, or no variance in either arm (nothing to test against).
    /// - Parameter confidence: the two-sided level of the intervals, 0.95 for 95 %.
    public init?(control: MeanSample, treatment: MeanSample, confidence: Double = 0.95) {
        guard control.isTestable, treatment.isTestable, confidence > 0, confidence < 1 else {
            return nil
        }
        let controlTerm = control.squaredStandardError
        let treatmentTerm = treatment.squaredStandardError
        let variance = controlTerm + treatmentTerm
        guard variance > 0 else {
            return nil
        }
        let nu =
            variance * variance
            / (treatmentTerm * treatmentTerm / (treatment.count - 1) + controlTerm * controlTerm / (control.count - 1))
        let welch = TestDistribution(degreesOfFreedom: nu, confidence: confidence)
        absolute = welch.estimate(treatment.mean - control.mean, standardError: variance.squareRoot())
        relative = EffectEstimate.relative(
            control: (control.mean, control.variance, control.count),
            treatment: (treatment.mean, treatment.variance, treatment.count),
            distribution: welch
        )
        degreesOfFreedom = nu
    }
}

extension MeanSample {
    /// At least two observations and finite, non-negative spread.
    fileprivate var isTestable: Bool {
        count >= 2 && count.isFinite && mean.isFinite && standardDeviation >= 0 && standardDeviation.isFinite
    }

    fileprivate var variance: Double {
        standardDeviation * standardDeviation
    }

    /// s²/n, this arm's share of the variance of the difference.
    fileprivate var squaredStandardError: Double {
        variance / count
    }
}
