/// The φ-quantile of a classic histogram, estimated by linear interpolation within the bucket
/// that holds the rank.
///
/// Matches Prometheus `histogram_quantile` on classic histograms exactly (promql/quantile.go,
/// `BucketQuantile`, Prometheus 3.x), so a number on the console equals the one a Grafana panel
/// shows for the same buckets:
///
/// - `q` NaN → NaN; `q < 0` → -Inf; `q > 1` → +Inf.
/// - Buckets are sorted by upper bound; if the highest bound is not +Inf the result is NaN.
/// - Buckets with equal bounds are merged by adding their counts.
/// - Differences between neighbouring counts below a relative 1e-12 are ignored (float noise),
///   and any remaining decrease is raised to the previous count (monotonic envelope).
/// - Fewer than two buckets, or zero observations in the +Inf bucket → NaN.
/// - A rank that falls in the +Inf bucket returns the largest finite bound; a rank in the first
///   bucket whose bound is ≤ 0 returns that bound; otherwise the value is interpolated
///   linearly, with a lower bound of 0 for the first bucket.
///
/// An empty bucket list, or a NaN upper bound (which Prometheus leaves undefined), gives NaN.
///
/// - Parameters:
///   - q: the quantile, 0…1 (0.95 for p95).
///   - buckets: cumulative buckets in any order; the unit of the result is the unit of the bounds.
public func histogramQuantile(_ q: Double, _ buckets: [HistogramBucket]) -> Double {
    if q.isNaN {
        return .nan
    }
    if q < 0 {
        return -.infinity
    }
    if q > 1 {
        return .infinity
    }
    if buckets.isEmpty || buckets.contains(where: { $0.upperBound.isNaN }) {
        return .nan
    }
    let sorted = buckets.sorted { $0.upperBound < $1.upperBound }
    guard let highest = sorted.last, highest.upperBound == .infinity else {
        return .nan
    }
    var merged = coalescedBuckets(sorted)
    ensureMonotonicIgnoringSmallDeltas(&merged, tolerance: smallDeltaTolerance)

    if merged.count < 2 {
        return .nan
    }
    let observations = merged[merged.count - 1].cumulativeCount
    if observations == 0 {
        return .nan
    }
    var rank = q * observations
    let index = searchFirst(count: merged.count - 1) { merged[$0].cumulativeCount >= rank }

    if index == merged.count - 1 {
        return merged[merged.count - 2].upperBound
    }
    if index == 0 && merged[0].upperBound <= 0 {
        return merged[0].upperBound
    }
    var bucketStart = 0.0
    let bucketEnd = merged[index].upperBound
    var count = merged[index].cumulativeCount
    if index > 0 {
        bucketStart = merged[index - 1].upperBound
        count -= merged[index - 1].cumulativeCount
        rank -= merged[index - 1].cumulativeCount
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count)
}

/// Relative difference below which two neighbouring bucket counts are taken as equal
/// (Prometheus `smallDeltaTolerance`).
private let smallDeltaTolerance = 1e-12

/// The smallest positive normal double, as Prometheus' `util/almost` uses it.
private let minNormal = Double.leastNormalMagnitude

/// Merges buckets with the same upper bound by adding their counts; `buckets` must be sorted.
private func coalescedBuckets(_ buckets: [HistogramBucket]) -> [HistogramBucket] {
    var result: [HistogramBucket] = []
    result.reserveCapacity(buckets.count)
    for bucket in buckets {
        if let last = result.last, last.upperBound == bucket.upperBound {
            result[result.count - 1].cumulativeCount += bucket.cumulativeCount
        } else {
            result.append(bucket)
        }
    }
    return result
}

/// Ignores numerically insignificant differences in either direction, then lifts every decrease
/// to the previous count (Prometheus `ensureMonotonicAndIgnoreSmallDeltas`).
private func ensureMonotonicIgnoringSmallDeltas(_ buckets: inout [HistogramBucket], tolerance: Double) {
    guard var previous = buckets.first?.cumulativeCount else {
        return
    }
    for index in buckets.indices.dropFirst() {
        let current = buckets[index].cumulativeCount
        if current == previous {
            continue
        }
        if almostEqual(previous, current, epsilon: tolerance) || current < previous {
            buckets[index].cumulativeCount = previous
            continue
        }
        previous = current
    }
}

/// Relative float comparison of Prometheus `util/almost.Equal` (without its stale-marker case,
/// which cannot occur in scraped bucket counts).
private func almostEqual(_ a: Double, _ b: Double, epsilon: Double) -> Bool {
    if a.isNaN && b.isNaN {
        return true
    }
    if a == b {
        return true
    }
    let absSum = abs(a) + abs(b)
    let difference = abs(a - b)
    if a == 0 || b == 0 || absSum < minNormal {
        return difference < epsilon * minNormal
    }
    return difference / min(absSum, Double.greatestFiniteMagnitude) < epsilon
}

/// The smallest index in `0..<count` for which `predicate` holds, or `count`; the same binary
/// search as Go's `sort.Search`, so non-monotonic inputs pick the same bucket as Prometheus.
private func searchFirst(count: Int, where predicate: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
        let middle = low + (high - low) / 2
        if predicate(middle) {
            high = middle
        } else {
            low = middle + 1
        }
    }
    return low
}
