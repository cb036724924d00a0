/// One scrape of a classic histogram series: cumulative buckets plus `_count` and `_sum`.
///
/// Also used for the increments between two readings (`CounterMath.histogramIncrement`), where
/// each field holds the increase instead of the running total.
public struct HistogramReading: Sendable, Equatable {
    /// Ascending upper bounds (`le`), +Inf last when exposed; in the histogram's unit.
    public var upperBounds: [Double]
    /// Cumulative observation counts, one per upper bound.
    public var cumulativeCounts: [Double]
    /// Observations (`_count`).
    public var count: Double
    /// Sum of observed values (`_sum`), in the histogram's unit.
    public var sum: Double

    public init(upperBounds: [Double], cumulativeCounts: [Double], count: Double, sum: Double) {
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.count = count
        self.sum = sum
    }

    /// The buckets in the form `histogramQuantile` takes.
    public var buckets: [HistogramBucket] {
        zip(upperBounds, cumulativeCounts).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
    }

    /// The φ-quantile (0.95 for p95), in the unit of the bounds.
    ///
    /// Matches Prometheus `histogram_quantile` over the same buckets: NaN when there is no
    /// observation or the layout has no `+Inf` bucket.
    public func quantile(_ q: Double) -> Double {
        histogramQuantile(q, buckets)
    }
}
