/// A classic Prometheus histogram as a server keeps it: per-bucket counts, sum and count.
struct BucketedHistogram: Sendable, Equatable {
    /// Finite upper bounds, ascending; `+Inf` is implicit.
    let upperBounds: [Double]
    /// Non-cumulative counts, one per finite bound plus the `+Inf` bucket last.
    private(set) var counts: [Double]
    private(set) var sum: Double = 0
    private(set) var count: Double = 0

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        counts = Array(repeating: 0, count: upperBounds.count + 1)
    }

    /// Records `value` `times` times, into the first bucket whose bound is ≥ value (Prometheus `le`).
    mutating func observe(_ value: Double, times: Double = 1) {
        guard times > 0 else { return }
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if upperBounds[middle] >= value {
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
        BucketedHistogram(upperBounds: upperBounds)
    }
}
