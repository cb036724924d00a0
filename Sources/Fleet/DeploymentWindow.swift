import Foundation
import Store

/// One deployment's rows from `coveredFrom` on, milliseconds since the Unix epoch.
struct DeploymentWindow {
    /// The series ids the window holds rows of: counters and gauges, then histograms.
    var pointIDs: [Int64]
    var histogramIDs: [Int64]
    /// Every row with `ts >= coveredFrom` that was committed at the last read is held.
    var coveredFrom: Int64
    /// The newest row or poll timestamp seen: later rows are expected above it.
    var seenThrough: Int64
    var points: [Int64: [PointRow]] = [:]
    var histograms: [Int64: [HistogramRow]] = [:]

    struct PointRow {
        var ts: Int64
        var value: Double
    }

    struct HistogramRow {
        var ts: Int64
        var count: Double
        var sum: Double
        /// The stored bucket blob (`BucketCodec` layout).
        var buckets: Data
    }

    /// Drops the rows below `start` (they slid out of the window).
    mutating func trim(before start: Int64) {
        for id in points.keys { points[id]?.removeAll { $0.ts < start } }
        for id in histograms.keys { histograms[id]?.removeAll { $0.ts < start } }
        coveredFrom = max(coveredFrom, start)
    }

    /// Per counter series, the sum of its increments with `from < ts <= to` and how many rows it
    /// has there (the shape `WindowReader.counterSums` gives); series without a row are left out.
    func counterSums(from: Int64, to: Int64) -> [Int64: (sum: Double, points: Int)] {
        var sums: [Int64: (sum: Double, points: Int)] = [:]
        for (id, rows) in points {
            var sum = 0.0
            var count = 0
            for row in rows where row.ts > from && row.ts <= to {
                sum += row.value
                count += 1
            }
            if count > 0 { sums[id] = (sum, count) }
        }
        return sums
    }

    /// The newest value of each series with `ts >= notBefore` (as `WindowReader.latestGauges`,
    /// which has no upper bound either).
    func latestValues(notBefore: Int64) -> [Int64: Double] {
        var values: [Int64: Double] = [:]
        for (id, rows) in points {
            var newest: PointRow?
            for row in rows where row.ts >= notBefore && row.ts >= (newest?.ts ?? Int64.min) { newest = row }
            if let newest { values[id] = newest.value }
        }
        return values
    }

    /// The merged histogram of `ids` (one bucket layout, `bounds`) over `from < ts <= to`.
    func histogramTotal(_ ids: [Int64], bounds: [Double], from: Int64, to: Int64) -> HistogramTotal? {
        var accumulator = HistogramAccumulator(upperBounds: bounds)
        for id in ids {
            for row in histograms[id] ?? [] where row.ts > from && row.ts <= to {
                row.buckets.withUnsafeBytes { accumulator.add(count: row.count, sum: row.sum, buckets: $0) }
            }
        }
        return accumulator.total
    }
}
