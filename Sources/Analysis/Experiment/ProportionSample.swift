/// Successes out of trials in one arm: requests that succeeded out of all requests, thumbs up
/// out of all feedback. Counts are Doubles because counters arrive as floats.
public struct ProportionSample: Sendable, Hashable {
    /// Trials with the outcome counted (successful requests).
    public var successes: Double
    /// All trials (requests).
    public var trials: Double

    public init(successes: Double, trials: Double) {
        self.successes = successes
        self.trials = trials
    }

    /// successes / trials; nil with no trials or counts that are not a proportion.
    public var rate: Double? {
        guard trials > 0, trials.isFinite, successes >= 0, successes <= trials else {
            return nil
        }
        return successes / trials
    }

    /// p(1 − p), the variance of one trial; nil where `rate` is.
    var trialVariance: Double? {
        rate.map { $0 * (1 - $0) }
    }

    /// The Wilson score interval for the rate; nil where `rate` is.
    ///
    /// Center (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1−p̂)/n + z²/4n²) (Wilson 1927;
    /// statsmodels `proportion_confint(method="wilson")`); unlike p̂ ± z·SE it stays inside [0, 1]
    /// and is not degenerate at 0 or n successes.
    /// - Parameter confidence: the two-sided level, 0.95 for a 95 % interval.
    public func wilsonInterval(confidence: Double = 0.95) -> ConfidenceInterval? {
        guard let p = rate, confidence > 0, confidence < 1 else {
            return nil
        }
        let z = StandardNormal.quantile(1 - (1 - confidence) / 2)
        let z2 = z * z
        let n = trials
        let scale = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / scale
        let halfWidth = z / scale * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(center: center, halfWidth: halfWidth)
    }
}
