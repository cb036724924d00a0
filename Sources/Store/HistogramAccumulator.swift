import Foundation

/// Adds stored histogram rows of one bucket layout (their bucket blobs as the store keeps them)
/// into a `HistogramTotal`.
public struct HistogramAccumulator: Sendable {
    private(set) var upperBounds: [Double]
    private var counts: [Double]
    private var count = 0.0
    private var sum = 0.0
    private var rows = 0

    public init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        counts = [Double](repeating: 0, count: upperBounds.count)
    }

    /// Adds one stored row whose bucket blob is still in SQLite's buffer.
    public mutating func add(count: Double, sum: Double, buckets: UnsafeRawBufferPointer) {
        self.count += count
        self.sum += sum
        BucketCodec.add(buckets, into: &counts)
        rows += 1
    }

    /// The merged histogram, or nil when no row was added.
    public var total: HistogramTotal? {
        rows == 0 ? nil : HistogramTotal(upperBounds: upperBounds, cumulativeCounts: counts, count: count, sum: sum)
    }
}
