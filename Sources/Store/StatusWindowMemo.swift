import Foundation
import Synchronization

/// Deployments' status windows kept between fleet status reads, so a reader that refreshes
/// every second (the console) reads only the rows written since its last read.
///
/// Per deployment it holds the raw rows of its canonical series (counter increments and gauge
/// values by timestamp, histogram increments with their bucket blobs) from the window start on,
/// and the newest timestamp it has seen (`seenThrough`). A refresh appends the rows with a
/// larger timestamp (one grouped read for all due deployments), drops those that slid out of
/// the window and computes the status from memory through `Store.status`, the same function the
/// store reads use. Raw rows never change once written (a rollup copies them into `points` and
/// 1-minute rows; the increments stay the same), so rows read once stay valid.
///
/// A deployment's window is read again in full when it is new, when its canonical series
/// changed (a series was added), when the window start moved back (the clock went back) or when
/// a scrape arrived with a timestamp at or below `seenThrough` (a late poll: its rows are below
/// what the next read asks for). When the store's scrape ids go back (another store, the
/// scrapes removed) every window is dropped.
public final class StatusWindowMemo: Sendable {
    /// The deployments' canonical series (read again only when they gained a series).
    let series = CanonicalSeriesMemo()
    let state = Mutex(State())

    public init() {}

    struct State {
        /// The store's largest scrape id at the last read (scrapes after it are checked for late
        /// polls).
        var scrapeID: Int64?
        var windows: [String: DeploymentWindow] = [:]
        /// Full window reads since the memo was made (tests and notes: late rows and new series
        /// fall back to them).
        var fullReads = 0
    }

    /// How many deployment windows were read in full so far (the rest were appended to).
    public var fullReads: Int { state.withLock { $0.fullReads } }
}

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
