/// The running mean and sample variance of a detector's warm-up, one observation at a time
/// (Welford 1962): no buffer to keep, and three numbers to persist across a restart.
struct BaselineEstimator: Sendable, Codable, Hashable {
    /// Observations so far.
    private(set) var count = 0
    /// Their mean.
    private(set) var mean = 0.0
    /// Σ(x − mean)², updated in Welford's form.
    private var squaredDeviations = 0.0

    /// The estimator with `value` added, or nil when the update would overflow.
    func adding(_ value: Double) -> BaselineEstimator? {
        var next = self
        next.count += 1
        let delta = value - mean
        next.mean += delta / Double(next.count)
        next.squaredDeviations += delta * (value - next.mean)
        guard next.mean.isFinite, next.squaredDeviations.isFinite else {
            return nil
        }
        return next
    }

    /// The mean and sample standard deviation so far; nil before the first observation.
    var baseline: StreamBaseline? {
        guard count > 0 else {
            return nil
        }
        let variance = count > 1 ? squaredDeviations / Double(count - 1) : 0
        return StreamBaseline(mean: mean, standardDeviation: max(0, variance).squareRoot())
    }
}
