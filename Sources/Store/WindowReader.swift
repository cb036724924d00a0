import Foundation
import GRDB

/// The window and step reads of one read transaction, each through a cached statement whose SQL
/// text is fixed per shape (tier table, recent or not, selected columns), with everything that
/// varies bound: ids as one JSON array (`series_id IN (SELECT value FROM json_each(?1))`), times
/// and the step as integers.
///
/// Why: SQL built with inlined ids and times was parsed and planned on every call, which was
/// ~42 % of a status read (perf). The JSON list keeps one statement shape for any number of ids
/// and no bound-parameter limit, and SQLite still seeks the `(series_id, ts)` key once per id.
/// Raw rows are read from `points` and the recent table by two statements (a `UNION ALL` view
/// with a subquery in the `WHERE` is not flattened, and would scan `points`).
///
/// Parameters of every text: `?1` ids JSON, `?2` start (inclusive), `?3` end (exclusive), `?4`
/// the first recent slot (recent tables only), `?5` the step (step reads only); milliseconds.
struct WindowReader {
    let db: Database
    let watermarks: Watermarks

    init(_ db: Database, watermarks: Watermarks) {
        self.db = db
        self.watermarks = watermarks
    }

    /// Where one segment's rows live.
    struct Source {
        var table: String
        /// True for a time-ordered recent table, read through its slot list.
        var isRecent: Bool
    }

    /// The tables holding `segment`'s points (`histograms` false) or histogram rows.
    static func sources(of segment: TierSegment, histograms: Bool) -> [Source] {
        switch segment.tier {
        case .raw:
            return histograms
                ? [
                    Source(table: "histogram_points", isRecent: false),
                    Source(table: Schema.recentHistograms, isRecent: true),
                ]
                : [Source(table: "points", isRecent: false), Source(table: Schema.recentPoints, isRecent: true)]
        case .minute, .hour:
            return [Source(table: histograms ? segment.tier.histogramTable : segment.tier.pointsTable, isRecent: false)]
        }
    }

    /// The fixed SQL text of one read shape.
    static func sql(select: String, from source: Source, suffix: String = "") -> String {
        var conditions = ["series_id IN (SELECT value FROM json_each(?1))", "ts >= ?2", "ts < ?3"]
        if source.isRecent {
            let table = source.table
            conditions.insert(
                """
                slot IN (WITH RECURSIVE m(x) AS (SELECT MIN(slot) FROM \(table) WHERE slot >= ?4 AND slot < ?3 \
                UNION ALL SELECT (SELECT MIN(slot) FROM \(table) WHERE slot > m.x AND slot < ?3) FROM m \
                WHERE m.x IS NOT NULL) SELECT x FROM m WHERE x IS NOT NULL)
                """,
                at: 0
            )
        }
        return "SELECT \(select) FROM \(source.table) WHERE " + conditions.joined(separator: " AND ") + suffix
    }

    /// `strings` as a JSON array of strings (names bound as one parameter, read with `json_each`).
    static func jsonText(_ strings: [String]) -> String {
        var text = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { text += "," }
            text += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
            text += "\""
        }
        return text + "]"
    }

    /// The JSON array bound as `?1`.
    static func json(_ ids: [Int64]) -> String {
        "[" + Store.idList(ids) + "]"
    }

    /// Runs the shape `select … suffix` on `source` over `[start, end)` and calls `body` per row.
    func forEachRow(
        select: String,
        from source: Source,
        suffix: String = "",
        ids: String,
        start: Int64,
        end: Int64,
        step: Int64? = nil,
        _ body: (RawStatement) throws -> Void
    ) throws {
        let statement = try RawStatement(db, sql: Self.sql(select: select, from: source, suffix: suffix))
        statement.bind(text: ids, at: 1)
        statement.bind(int64: start, at: 2)
        statement.bind(int64: end, at: 3)
        if source.isRecent || step != nil {
            statement.bind(int64: alignDown(start, Schema.recentSlot), at: 4)
        }
        if let step { statement.bind(int64: step, at: 5) }
        while try statement.nextRow() { try body(statement) }
    }

    /// Runs `select(tier) … suffix` on every tier segment of the steps in `[start, end)` and every
    /// table that segment reads (the shared loop of the chart reads); `?5` is `step` when
    /// `bindsStep`.
    func forEachStepRow(
        ids: String,
        start: Int64,
        end: Int64,
        step: Int64,
        histograms: Bool,
        select: (RollupTier) -> String,
        suffix: String = "",
        bindsStep: Bool,
        _ body: (RawStatement) throws -> Void
    ) throws {
        for segment in TierPlan.steps(start: start, end: end, step: step, watermarks: watermarks) {
            for source in Self.sources(of: segment, histograms: histograms) {
                try forEachRow(
                    select: select(segment.tier),
                    from: source,
                    suffix: suffix,
                    ids: ids,
                    start: segment.start,
                    end: segment.end,
                    step: bindsStep ? step : nil,
                    body
                )
            }
        }
    }

    /// Per series, the sum of its increments with `from < ts <= to` and how many rows it has
    /// there; series without a row are left out.
    ///
    /// The sum of a series is the same whatever other ids are read with it (same rows, same
    /// order), so a fleet-wide read gives each deployment exactly its own totals.
    func counterSums(_ ids: [Int64], from: Int64, to: Int64) throws -> [Int64: (sum: Double, points: Int)] {
        var sums: [Int64: (sum: Double, points: Int)] = [:]
        if ids.isEmpty || to <= from { return sums }
        let json = Self.json(ids)
        for segment in TierPlan.window(start: from + 1, end: to + 1, watermarks: watermarks) {
            let column = segment.tier == .raw ? "value" : "sum"
            for source in Self.sources(of: segment, histograms: false) {
                try forEachRow(
                    select: "series_id, TOTAL(\(column)), COUNT(*)",
                    from: source,
                    suffix: " GROUP BY series_id",
                    ids: json,
                    start: segment.start,
                    end: segment.end
                ) { row in
                    let previous = sums[row.int64(at: 0)] ?? (0, 0)
                    sums[row.int64(at: 0)] = (previous.sum + row.double(at: 1), previous.points + Int(row.int64(at: 2)))
                }
            }
        }
        return sums
    }

    /// The window total of `ids` from per-series `sums`: added in the order of `ids` (each id
    /// once); nil when none of them has a row.
    static func total(_ ids: [Int64], _ sums: [Int64: (sum: Double, points: Int)]) -> Double? {
        var seen: Set<Int64> = []
        var total = 0.0
        var points = 0
        for id in ids where seen.insert(id).inserted {
            guard let entry = sums[id] else { continue }
            total += entry.sum
            points += entry.points
        }
        return points > 0 ? total : nil
    }

    /// Calls `body` with every histogram row of `ids` with `from < ts <= to`: series id, count
    /// and sum increments, bucket blob (valid during the call).
    func forEachHistogramRow(
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        _ body: (Int64, Double, Double, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if ids.isEmpty || to <= from { return }
        let json = Self.json(ids)
        for segment in TierPlan.window(start: from + 1, end: to + 1, watermarks: watermarks) {
            for source in Self.sources(of: segment, histograms: true) {
                try forEachRow(
                    select: "series_id, count, sum, buckets",
                    from: source,
                    ids: json,
                    start: segment.start,
                    end: segment.end
                ) { row in
                    try body(row.int64(at: 0), row.double(at: 1), row.double(at: 2), row.blob(at: 3))
                }
            }
        }
    }

    /// The latest raw value of each series in `ids` with `ts >= notBefore`: the recent rows
    /// slot by slot from the newest (a gauge is written every poll, so the newest one or two
    /// slots usually hold all of them), then the series-ordered rows of the ids not found there.
    ///
    /// Every row of a newer slot is newer than every row of an older one (`slot` is `ts`
    /// rounded down), so stopping once each id has a value gives the same values as reading
    /// the whole window in time order.
    func latestGauges(_ ids: [Int64], notBefore: Int64) throws -> [Int64: Double] {
        var values: [Int64: Double] = [:]
        if ids.isEmpty { return values }
        let start = clampTime(notBefore)
        let table = Schema.recentPoints
        let newestSlot = try RawStatement(
            db,
            sql: "SELECT slot FROM \(table) WHERE slot < ?1 ORDER BY slot DESC LIMIT 1"
        )
        let slotRows = try RawStatement(
            db,
            sql: """
                SELECT series_id, value FROM \(table)
                WHERE slot = ?1 AND series_id IN (SELECT value FROM json_each(?2)) AND ts >= ?3 ORDER BY ts
                """
        )
        let wanted = Set(ids)
        var below: Int64 = 1 << 62
        while values.count < wanted.count {
            newestSlot.bind(int64: below, at: 1)
            guard try newestSlot.nextRow() else { break }
            let slot = newestSlot.int64(at: 0)
            _ = try newestSlot.nextRow()
            if slot + Schema.recentSlot <= start { break }
            slotRows.bind(int64: slot, at: 1)
            slotRows.bind(text: Self.json(ids.filter { values[$0] == nil }), at: 2)
            slotRows.bind(int64: start, at: 3)
            var found: [Int64: Double] = [:]
            while try slotRows.nextRow() { found[slotRows.int64(at: 0)] = slotRows.double(at: 1) }
            values.merge(found) { newer, _ in newer }
            below = slot
        }
        let older = try RawStatement(
            db,
            sql: "SELECT value FROM points WHERE series_id = ?1 AND ts >= ?2 ORDER BY ts DESC LIMIT 1"
        )
        for id in ids where values[id] == nil {
            older.bind(int64: id, at: 1)
            older.bind(int64: start, at: 2)
            if try older.nextRow() {
                values[id] = older.double(at: 0)
                _ = try older.nextRow()
            }
        }
        return values
    }
}
