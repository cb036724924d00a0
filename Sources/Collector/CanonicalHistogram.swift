import Exposition

/// Turns a parsed classic histogram into a canonical one: bounds in seconds, `+Inf` always last.
enum CanonicalHistogram {
    /// Nil when the series has no buckets, or neither a `+Inf` bucket nor a `_count` to stand for it.
    static func make(_ series: HistogramSeries, scale: Double) -> CanonicalValue? {
        var bounds = series.upperBounds
        var counts = series.cumulativeCounts
        guard !bounds.isEmpty, bounds.count == counts.count else { return nil }
        if bounds.last != .infinity {
            guard let count = series.count else { return nil }
            bounds.append(.infinity)
            counts.append(count)
        }
        let total = series.count ?? counts[counts.count - 1]
        let scaled = bounds.map { $0.isInfinite ? $0 : $0 * scale }
        return .histogram(
            upperBounds: scaled,
            cumulativeCounts: counts,
            count: total,
            sum: (series.sum ?? 0) * scale
        )
    }
}
