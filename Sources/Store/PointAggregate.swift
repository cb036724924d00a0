/// Summary of a series' points over one rollup row: enough to add counters exactly and to give
/// a gauge's mean, extremes and last value.
struct PointAggregate: Sendable, Equatable {
    var sum: Double
    var min: Double
    var max: Double
    /// Number of raw points summarised.
    var n: Int64
    /// Value of the latest raw point.
    var last: Double

    init(value: Double) {
        sum = value
        min = value
        max = value
        n = 1
        last = value
    }

    init(sum: Double, min: Double, max: Double, n: Int64, last: Double) {
        self.sum = sum
        self.min = min
        self.max = max
        self.n = n
        self.last = last
    }

    /// Adds a later aggregate (or point) of the same series.
    mutating func absorb(_ later: PointAggregate) {
        sum += later.sum
        min = Swift.min(min, later.min)
        max = Swift.max(max, later.max)
        n += later.n
        last = later.last
    }
}
