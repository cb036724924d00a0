import GRDB

/// Window primitives over raw series found by name across every target: what a reader needs for
/// metrics that are not per deployment (an application's prompt experiment, exported by several
/// replicas and summed across them).
extension StoreView {
    /// Every series named one of `names`, on any target, ordered by id.
    public func series(named names: [String]) throws -> [(id: Int64, key: SeriesKey)] {
        if names.isEmpty { return [] }
        let statement = try db.cachedStatement(
            sql: """
                SELECT id, target, name, labels, kind, bucket_bounds FROM series
                WHERE name IN (SELECT value FROM json_each(?)) ORDER BY id
                """
        )
        let rows = try Row.fetchCursor(statement, arguments: [WindowReader.jsonText(names)])
        var found: [(id: Int64, key: SeriesKey)] = []
        while let row = try rows.next() { found.append((id: row[0], key: Store.seriesKey(row, offset: 1))) }
        return found
    }

    /// The minute of the oldest stored counter row of any of `ids` (milliseconds since the Unix
    /// epoch, a multiple of a minute); nil when none has a row. For "first seen" times that
    /// survive a restart: they are read from the rows themselves.
    ///
    /// The minute is the same whether the row is still raw or rolled up into the minute tier, so
    /// it does not move when the collector rolls up or raw retention (48 h) deletes raw rows; only
    /// once the minute tier's retention (30 d) deletes it does the hour tier answer, at its hour.
    /// Each series is one index seek per table.
    public func oldestMinute(of ids: [Int64]) throws -> Int64? {
        if ids.isEmpty { return nil }
        let json = WindowReader.json(ids)
        func seek(_ table: String) throws -> Int64? {
            let statement = try db.cachedStatement(
                sql: "SELECT MIN((SELECT MIN(ts) FROM \(table) WHERE series_id = ids.value)) FROM json_each(?) AS ids"
            )
            return try Int64.fetchOne(statement, arguments: [json])
        }
        // Fresh rows are keyed by time slot first: a scan, but of the rows not rolled up yet.
        let recent = try Int64.fetchOne(
            db.cachedStatement(
                sql: "SELECT MIN(ts) FROM points_recent WHERE series_id IN (SELECT value FROM json_each(?))"
            ),
            arguments: [json]
        )
        let minute: Int64 = 60_000
        let candidates = [try seek("points_1m"), try seek("points"), recent].compactMap { $0 }
        if let oldest = candidates.min() { return alignDown(oldest, minute) }
        return try seek("points_1h")
    }

    /// Per step and counter series of `ids`, the sum of its increments: steps of `step`
    /// milliseconds aligned to multiples of `step`, each covering `[ts, ts + step)`, for the
    /// whole steps overlapping `(from, to]` (as `Store.counterSeries`, per series instead of
    /// summed). Steps and series without rows are left out.
    public func counterSteps(
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        step: Int64
    ) throws -> [(ts: Int64, seriesID: Int64, sum: Double)] {
        let from = clampTime(from)
        let to = clampTime(to)
        guard !ids.isEmpty, step > 0, step <= 1 << 60, to > from else { return [] }
        // Rows are added up here rather than by a GROUP BY: SQLite would sort every row first,
        // while most rows (a tier as coarse as the step) are already one step each.
        struct StepKey: Hashable {
            var ts: Int64
            var seriesID: Int64
        }
        var sums: [StepKey: Double] = [:]
        try reader.forEachStepRow(
            ids: WindowReader.json(ids),
            start: alignDown(from + 1, step),
            end: alignDown(to, step) + step,
            step: step,
            histograms: false,
            select: { "ts, series_id, \($0 == .raw ? "value" : "sum")" },
            bindsStep: false,
            { row in
                sums[StepKey(ts: alignDown(row.int64(at: 0), step), seriesID: row.int64(at: 1)), default: 0] +=
                    row.double(at: 2)
            }
        )
        return sums.sorted { ($0.key.ts, $0.key.seriesID) < ($1.key.ts, $1.key.seriesID) }.map {
            (ts: $0.key.ts, seriesID: $0.key.seriesID, sum: $0.value)
        }
    }
}

extension StoreView {
    /// Every version observed on `target`, newest first (as `Store.versions(target:)`).
    public func versions(of target: String) throws -> [VersionRecord] {
        try Store.versions(target: target, limit: -1, db)
    }
}
