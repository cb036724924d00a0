/// A classic Prometheus histogram as a server keeps it: per-bucket counts, sum and count.
struct BucketedHistogram: Sendable, Equatable {
    /// Bounds and their label texts, shared by every server.
    let layout: BucketLayout
    /// Non-cumulative counts, one per finite bound plus the `+Inf` bucket last.
    private(set) var counts: [Double]
    private(set) var sum: Double = 0
    private(set) var count: Double = 0

    init(layout: BucketLayout) {
        self.layout = layout
        counts = Array(repeating: 0, count: layout.upperBounds.count + 1)
    }

    init(upperBounds: [Double]) {
        self.init(layout: BucketLayout(upperBounds))
    }

    /// Finite upper bounds, ascending; `+Inf` is implicit.
    var upperBounds: [Double] { layout.upperBounds }

    static func == (lhs: BucketedHistogram, rhs: BucketedHistogram) -> Bool {
        lhs.upperBounds == rhs.upperBounds && lhs.counts == rhs.counts && lhs.sum == rhs.sum && lhs.count == rhs.count
    }

    /// Records `value` `times` times, into the first bucket whose bound is ≥ value (Prometheus `le`).
    mutating func observe(_ value: Double, times: Double = 1) {
        guard times > 0 else { return }
        var low = 0
        let bounds = layout.upperBounds
        var high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] >= value {
                high = middle
            } else {
                low = middle + 1
            }
        }
        counts[low] += times
        sum += value * times
        count += times
    }

    /// Cumulative counts per bound, `+Inf` last, as exposed in `_bucket` samples.
    var cumulativeCounts: [Double] {
        var running = 0.0
        return counts.map { count in
            running += count
            return running
        }
    }

    /// The same bounds with every count at zero, like a restarted server.
    func emptied() -> BucketedHistogram {
        BucketedHistogram(layout: layout)
    }
}
