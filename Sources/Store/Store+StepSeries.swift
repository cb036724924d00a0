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
                let reader = WindowReader(db, watermarks: try watermarks(db))
                try reader.forEachStepRow(
                    ids: WindowReader.json(ids),
                    start: range.start,
                    end: range.end,
                    step: step,
                    histograms: false,
                    select: { "ts / ?5 AS bucket, TOTAL(\($0 == .raw ? "value" : "sum"))" },
                    suffix: " GROUP BY bucket",
                    bindsStep: true
                ) { row in
                    totals[row.int64(at: 0) * step, default: 0] += row.double(at: 1)
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
                let reader = WindowReader(db, watermarks: try watermarks(db))
                try reader.forEachStepRow(
                    ids: WindowReader.json(ids),
                    start: range.start,
                    end: range.end,
                    step: step,
                    histograms: false,
                    select: { tier in
                        let columns = tier == .raw ? "TOTAL(value), COUNT(*)" : "TOTAL(sum), TOTAL(n)"
                        return "ts / ?5 AS bucket, series_id, \(columns)"
                    },
                    suffix: " GROUP BY bucket, series_id",
                    bindsStep: true
                ) { row in
                    let bucket = row.int64(at: 0) * step
                    let seriesID = row.int64(at: 1)
                    let previous = parts[bucket, default: [:]][seriesID] ?? (0, 0)
                    parts[bucket, default: [:]][seriesID] = (
                        previous.sum + row.double(at: 2), previous.n + row.double(at: 3)
                    )
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
                let reader = WindowReader(db, watermarks: try watermarks(db))
                try reader.forEachStepRow(
                    ids: WindowReader.json(layout.ids),
                    start: range.start,
                    end: range.end,
                    step: step,
                    histograms: true,
                    select: { _ in "ts, count, sum, buckets" },
                    bindsStep: false
                ) { row in
                    let ts = alignDown(row.int64(at: 0), step)
                    steps[ts, default: HistogramAccumulator(upperBounds: layout.bounds)]
                        .add(count: row.double(at: 1), sum: row.double(at: 2), buckets: row.blob(at: 3))
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
