/// One bucket of a classic (cumulative) histogram, as exposed by `le` series.
public struct HistogramBucket: Sendable, Hashable {
    /// The bucket's inclusive upper bound (`le`), in the histogram's unit; `+Inf` for the last bucket.
    public var upperBound: Double
    /// Observations less than or equal to `upperBound`, cumulative over all lower buckets.
    public var cumulativeCount: Double

    public init(upperBound: Double, cumulativeCount: Double) {
        self.upperBound = upperBound
        self.cumulativeCount = cumulativeCount
    }
}
