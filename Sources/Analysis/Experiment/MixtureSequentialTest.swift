/// The normal-mixture mSPRT: an always-valid p-value and confidence sequence for a difference
/// between two arms, safe to read after every request (Johari, Koomen, Pekelis, Walsh 2017;
/// identical to GrowthBook's asymptotic confidence sequences, llmops-methods §2.4).
///
/// The test works on the estimated difference Δ̂ and its variance SE² = s_C²/n_C + s_T²/n_T.
/// With a N(θ₀, τ²) mixture over the true difference the likelihood ratio has the closed form
///
///     Λ = √(SE²/(SE²+τ²)) · exp(τ²(Δ̂−θ₀)² / (2·SE²·(SE²+τ²)))
///
/// which with equal arms of n (SE² = V/n) is the reference's √(V/(V+nτ²))·exp(n²τ²(Ȳ−X̄−θ₀)²/
/// (2V(V+nτ²))), with V = 2σ² for normal data and V = X̄(1−X̄)+Ȳ(1−Ȳ) for Bernoulli data.
/// Writing it with SE² handles unequal arms exactly instead of through a harmonic or minimum n.
/// The confidence sequence is the set of θ₀ with Λ < 1/α:
/// Δ̂ ± √(2·SE²(SE²+τ²)/τ² · ln(√((SE²+τ²)/SE²)/α)).
public struct MixtureSequentialTest: Sendable, Hashable {
    /// The two-sided significance level; the test rejects when Λ ≥ 1/α.
    public var alpha: Double
    /// How τ² is chosen.
    public var tuning: SequentialTuning

    public init(alpha: Double = 0.05, tuning: SequentialTuning = .growthBookDefault) {
        self.alpha = alpha
        self.tuning = tuning
    }

    /// One look at the data; nil when the variance is not positive (every outcome identical) or
    /// the tuning gives no usable τ².
    /// - Parameters:
    ///   - difference: Δ̂, treatment − control.
    ///   - differenceVariance: SE² of Δ̂.
    ///   - totalCount: n_C + n_T (used by the N* and truncation tunings).
    ///   - nullDifference: θ₀, the difference tested against (0: no effect).
    public func look(
        difference: Double,
        differenceVariance: Double,
        totalCount: Double,
        nullDifference: Double = 0
    ) -> SequentialLook? {
        guard difference.isFinite, differenceVariance.isFinite,
            let tau2 = tuning.mixingVariance(
                alpha: alpha,
                differenceVariance: differenceVariance,
                totalCount: totalCount
            )
        else {
            return nil
        }
        let se2 = differenceVariance
        let deviation = difference - nullDifference
        // ln √((SE² + τ²)/SE²), the price the mixture pays for not knowing the effect.
        let spread = 0.5 * Elementary.log1p(tau2 / se2)
        let logRatio = -spread + tau2 * deviation * deviation / (2 * se2 * (se2 + tau2))
        let radiusSquared = 2 * se2 * (se2 + tau2) / tau2 * (spread - Elementary.log(alpha))
        return SequentialLook(
            likelihoodRatio: Elementary.exp(logRatio),
            pValue: min(1, Elementary.exp(-logRatio)),
            confidenceSequence: ConfidenceInterval(center: difference, halfWidth: radiusSquared.squareRoot()),
            mixingVariance: tau2
        )
    }

    /// One look at two rates: Δ̂ = p_T − p_C, SE² = p_C(1−p_C)/n_C + p_T(1−p_T)/n_T.
    public func look(at comparison: ProportionComparison) -> SequentialLook? {
        look(
            difference: comparison.absolute.estimate,
            differenceVariance: comparison.differenceVariance,
            totalCount: comparison.totalTrials
        )
    }

    /// One look at two means: Δ̂ = mean_T − mean_C, SE² = s_C²/n_C + s_T²/n_T.
    public func look(control: MeanSample, treatment: MeanSample) -> SequentialLook? {
        guard control.count > 0, treatment.count > 0 else {
            return nil
        }
        let variance =
            control.standardDeviation * control.standardDeviation / control.count
            + treatment.standardDeviation * treatment.standardDeviation / treatment.count
        return look(
            difference: treatment.mean - control.mean,
            differenceVariance: variance,
            totalCount: control.count + treatment.count
        )
    }
}
