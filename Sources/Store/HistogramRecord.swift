/// Histogram increments since the previous scrape: one count per bound (cumulative buckets' increments).
public struct HistogramRecord: Sendable, Equatable {
    public var seriesID: Int64
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    /// Increase of the observation count.
    public var count: Double
    /// Increase of the observation sum, in the metric's unit.
    public var sum: Double
    /// Increase of each cumulative bucket, in the order of the series' `bucketBounds`.
    public var buckets: [Double]

    public init(seriesID: Int64, ts: Int64, count: Double, sum: Double, buckets: [Double]) {
        self.seriesID = seriesID
        self.ts = ts
        self.count = count
        self.sum = sum
        self.buckets = buckets
    }
}
