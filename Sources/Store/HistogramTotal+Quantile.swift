import Analysis

extension HistogramTotal {
    /// The buckets in the shape `histogramQuantile` takes.
    public var buckets: [HistogramBucket] {
        zip(upperBounds, cumulativeCounts).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
    }

    /// The φ-quantile of the window (0.95 for p95), in the unit of the bounds.
    ///
    /// Matches Prometheus `histogram_quantile` over the same increments, via `Analysis`: NaN when
    /// the window holds no observation or the layout has no `+Inf` bucket.
    public func quantile(_ q: Double) -> Double {
        histogramQuantile(q, buckets)
    }
}
