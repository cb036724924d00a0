import Foundation
import GRDB

extension Store {
    /// Per-step sums of the increments of `ids`, for charts.
    ///
    /// Steps are `step` milliseconds, aligned to multiples of `step` since the epoch; each point
    /// is labelled with its step's start and covers `[ts, ts + step)`. Every step overlapping
    /// `(from, to]` is read whole; steps without data are left out. The coarsest tier whose
    /// resolution divides `step` is read where it is rolled up.
    public func counterSeries(
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        step: Int64
    ) throws(StoreError) -> [(
        ts: Int64, value: Double
    )] {
        guard let range = stepRange(ids, from: from, to: to, step: step) else { return [] }
        return try perform("read") {
            try pool.read { db in
                var totals: [Int64: Double] = [:]
                for segment in TierPlan.steps(
                    start: range.start,
                    end: range.end,
                    step: step,
                    watermarks: try watermarks(db)
                ) {
                    let column = segment.tier == .raw ? "value" : "sum"
                    let rows = try Row.fetchCursor(
                        db,
                        sql: """
                            SELECT ts / ? AS bucket, TOTAL(\(column)) FROM \(segment.tier.pointsSource(start: segment.start, end: segment.end))
                            WHERE series_id IN (\(Store.idList(ids))) AND ts >= ? AND ts < ? GROUP BY bucket
                            """,
                        arguments: [step, segment.start, segment.end]
                    )
                    while let row = try rows.next() {
                        let bucket: Int64 = row[0]
                        totals[bucket * step, default: 0] += row[1]
                    }
                }
                return totals.sorted { $0.key < $1.key }.map { (ts: $0.key, value: $0.value) }
            }
        }
    }

    /// Per-step values of the gauges `ids`: each series' mean over the step, added across series
    /// (as PromQL's `sum(avg_over_time(…))`). Steps as in `counterSeries`.
    public func gaugeSeries(
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        step: Int64
    ) throws(StoreError) -> [(
        ts: Int64, value: Double
    )] {
        guard let range = stepRange(ids, from: from, to: to, step: step) else { return [] }
        return try perform("read") {
            try pool.read { db in
                var parts: [Int64: [Int64: (sum: Double, n: Double)]] = [:]
                for segment in TierPlan.steps(
                    start: range.start,
                    end: range.end,
                    step: step,
                    watermarks: try watermarks(db)
                ) {
                    let columns = segment.tier == .raw ? "TOTAL(value), COUNT(*)" : "TOTAL(sum), TOTAL(n)"
                    let rows = try Row.fetchCursor(
                        db,
                        sql: """
                            SELECT ts / ? AS bucket, series_id, \(columns) FROM \(segment.tier.pointsSource(start: segment.start, end: segment.end))
                            WHERE series_id IN (\(Store.idList(ids))) AND ts >= ? AND ts < ?
                            GROUP BY bucket, series_id
                            """,
                        arguments: [step, segment.start, segment.end]
                    )
                    while let row = try rows.next() {
                        let bucket: Int64 = row[0]
                        let seriesID: Int64 = row[1]
                        let sum: Double = row[2]
                        let n: Double = row[3]
                        let previous = parts[bucket * step, default: [:]][seriesID] ?? (0, 0)
                        parts[bucket * step, default: [:]][seriesID] = (previous.sum + sum, previous.n + n)
                    }
                }
                return parts.sorted { $0.key < $1.key }.map { step in
                    (ts: step.key, value: step.value.values.reduce(0) { $1.n > 0 ? $0 + $1.sum / $1.n : $0 })
                }
            }
        }
    }

    /// Per-step merged histograms of `ids` (same layout rule as `histogramTotal`), for quantile
    /// charts. Steps as in `counterSeries`.
    public func histogramSeries(
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        step: Int64
    ) throws(StoreError) -> [(
        ts: Int64, total: HistogramTotal
    )] {
        guard let range = stepRange(ids, from: from, to: to, step: step) else { return [] }
        return try perform("read") {
            try pool.read { db in
                guard let layout = try histogramLayout(ids, db) else { return [] }
                var steps: [Int64: HistogramAccumulator] = [:]
                let segments = TierPlan.steps(
                    start: range.start,
                    end: range.end,
                    step: step,
                    watermarks: try watermarks(db)
                )
                for segment in segments {
                    let rows = try RawStatement(
                        db,
                        uncachedSQL: """
                            SELECT ts, count, sum, buckets FROM \(segment.tier.histogramSource(start: segment.start, end: segment.end))
                            WHERE series_id IN (\(Store.idList(layout.ids))) AND ts >= ? AND ts < ?
                            """
                    )
                    rows.bind(int64: segment.start, at: 1)
                    rows.bind(int64: segment.end, at: 2)
                    while try rows.nextRow() {
                        let ts = alignDown(rows.int64(at: 0), step)
                        steps[ts, default: HistogramAccumulator(upperBounds: layout.bounds)]
                            .add(count: rows.double(at: 1), sum: rows.double(at: 2), buckets: rows.blob(at: 3))
                    }
                }
                return steps.sorted { $0.key < $1.key }.compactMap { step in
                    step.value.total.map { (ts: step.key, total: $0) }
                }
            }
        }
    }

    /// The whole steps overlapping `(from, to]`, as `[start, end)`; nil when there is nothing to read.
    private func stepRange(_ ids: [Int64], from: Int64, to: Int64, step: Int64) -> (start: Int64, end: Int64)? {
        let from = clampTime(from)
        let to = clampTime(to)
        guard !ids.isEmpty, step > 0, step <= 1 << 60, to > from else { return nil }
        return (alignDown(from + 1, step), alignDown(to, step) + step)
    }
}
