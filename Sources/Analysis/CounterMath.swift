/// Turns successive cumulative counter readings into increments, handling resets once at ingest.
///
/// A cumulative value that goes down means the server restarted and its counter began again
/// from zero, so the increase since the previous scrape is the current value (the same
/// assumption Prometheus `rate()` makes, promql/functions.go `extrapolatedRate`).
public enum CounterMath {
    /// Increase since the previous cumulative value, in the counter's unit.
    ///
    /// - Returns: `nil` for the first sample (no previous value), when either value is NaN or
    ///   infinite (no meaningful increase), otherwise `current - previous`, or `current` when
    ///   the counter went down (a reset).
    public static func increment(previous: Double?, current: Double) -> Double? {
        guard let previous, previous.isFinite, current.isFinite else {
            return nil
        }
        if current < previous {
            return current
        }
        return current - previous
    }

    /// Per-bucket increments of cumulative bucket counts (one entry per upper bound).
    ///
    /// A decrease in any bucket (the +Inf bucket is the count) is a reset: the increments are
    /// then the current counts themselves.
    ///
    /// - Returns: `nil` for the first reading, when the number of buckets changed (a new bucket
    ///   layout cannot be subtracted from the old one; start over from this reading), or when a
    ///   count is NaN or infinite.
    public static func histogramIncrement(previous: [Double]?, current: [Double]) -> [Double]? {
        guard let previous, previous.count == current.count else {
            return nil
        }
        guard previous.allSatisfy(\.isFinite), current.allSatisfy(\.isFinite) else {
            return nil
        }
        if zip(previous, current).contains(where: { $1 < $0 }) {
            return current
        }
        return zip(previous, current).map { $1 - $0 }
    }

    /// Increments of a whole histogram reading: buckets, count and sum.
    ///
    /// A reset is a decrease of the count or of any bucket; the sum alone never signals a reset
    /// because negative observations may lower it legitimately.
    ///
    /// - Returns: `nil` for the first reading, when the bucket bounds changed, or when a count is
    ///   NaN or infinite; the current reading itself after a reset.
    public static func histogramIncrement(
        previous: HistogramReading?,
        current: HistogramReading
    ) -> HistogramReading? {
        guard let previous, previous.upperBounds == current.upperBounds else {
            return nil
        }
        guard previous.count.isFinite, current.count.isFinite else {
            return nil
        }
        guard let buckets = histogramIncrement(previous: previous.cumulativeCounts, current: current.cumulativeCounts)
        else {
            return nil
        }
        let isReset =
            current.count < previous.count
            || zip(previous.cumulativeCounts, current.cumulativeCounts).contains(where: { $1 < $0 })
        if isReset {
            return current
        }
        return HistogramReading(
            upperBounds: current.upperBounds,
            cumulativeCounts: buckets,
            count: current.count - previous.count,
            sum: current.sum - previous.sum
        )
    }
}
