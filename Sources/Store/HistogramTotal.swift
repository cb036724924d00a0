/// A histogram over a window: the bucket increments of every merged series added together.
///
/// `cumulativeCounts[i]` is the number of observations `<= upperBounds[i]` in the window, the
/// shape `histogram_quantile` expects.
public struct HistogramTotal: Sendable, Equatable {
    /// Ascending upper bounds, `+Inf` last when the server exposes it.
    public var upperBounds: [Double]
    public var cumulativeCounts: [Double]
    /// Observations in the window.
    public var count: Double
    /// Sum of observations in the window, in the metric's unit.
    public var sum: Double

    public init(upperBounds: [Double], cumulativeCounts: [Double], count: Double, sum: Double) {
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.count = count
        self.sum = sum
    }
}
