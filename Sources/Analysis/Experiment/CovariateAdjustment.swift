/// CUPED: variance reduction of an outcome Y with a pre-exposure covariate X of the same units
/// (Deng et al. 2013; GrowthBook docs/statistics/cuped-technical.mdx, gbstats
/// `compute_theta`; llmops-methods §2.5).
///
/// θ = cov(Y, X)/var(X), pooled over both arms; the adjusted outcome Y − θ(X − X̄) keeps Y's mean
/// and has variance var(Y)·(1 − ρ²(X, Y)), so the same effect is detected with fewer requests.
/// Adjusted per-arm variance (σ_Y² + θ²σ_X² − 2θσ_XY)/N; effect (Ȳ_T − θX̄_T) − (Ȳ_C − θX̄_C).
public struct CovariateAdjustment: Sendable, Hashable {
    /// θ = cov(Y, X)/var(X).
    public let theta: Double
    /// The sample variance of Y (n − 1 denominator).
    public let outcomeVariance: Double
    /// The sample variance of Y − θ(X − X̄): (σ_Y² + θ²σ_X² − 2θσ_XY).
    public let adjustedVariance: Double

    /// Estimates θ from paired outcomes and covariates (both arms pooled); nil with fewer than
    /// two pairs, different lengths, or a constant covariate.
    public init?(outcomes: [Double], covariates: [Double]) {
        let n = Double(outcomes.count)
        guard outcomes.count == covariates.count, outcomes.count >= 2 else {
            return nil
        }
        let meanY = outcomes.reduce(0, +) / n
        let meanX = covariates.reduce(0, +) / n
        var varianceY = 0.0
        var varianceX = 0.0
        var covariance = 0.0
        for (y, x) in zip(outcomes, covariates) {
            varianceY += (y - meanY) * (y - meanY)
            varianceX += (x - meanX) * (x - meanX)
            covariance += (y - meanY) * (x - meanX)
        }
        guard varianceX > 0 else {
            return nil
        }
        varianceY /= n - 1
        varianceX /= n - 1
        covariance /= n - 1
        let theta = covariance / varianceX
        self.theta = theta
        outcomeVariance = varianceY
        adjustedVariance = max(0, varianceY + theta * theta * varianceX - 2 * theta * covariance)
    }

    /// adjusted variance / var(Y) = 1 − ρ²: the share of the variance (and of the sample size)
    /// that remains; nil when Y is constant.
    public var varianceRatio: Double? {
        outcomeVariance > 0 ? adjustedVariance / outcomeVariance : nil
    }
}
