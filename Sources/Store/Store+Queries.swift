import Foundation
import GRDB

extension Store {
    /// The sum of the increments of `ids` with `from < ts <= to`; nil when there is no point.
    ///
    /// Exact whatever has been rolled up: whole rolled-up hours and minutes are read from their
    /// tiers, the rest from raw rows (see `TierPlan.window`).
    public func counterTotal(_ ids: [Int64], from: Int64, to: Int64) throws(StoreError) -> Double? {
        let from = clampTime(from)
        let to = clampTime(to)
        if ids.isEmpty || to <= from { return nil }
        return try perform("read") {
            try pool.read { db in
                let segments = TierPlan.window(start: from + 1, end: to + 1, watermarks: try watermarks(db))
                var total = 0.0
                var points = 0
                for segment in segments {
                    let column = segment.tier == .raw ? "value" : "sum"
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT TOTAL(\(column)), COUNT(*) FROM \(segment.tier.pointsSource(start: segment.start, end: segment.end))
                            WHERE series_id IN (\(Store.idList(ids))) AND ts >= ? AND ts < ?
                            """,
                        arguments: [segment.start, segment.end]
                    )
                    if let row {
                        total += row[0]
                        points += row[1]
                    }
                }
                return points > 0 ? total : nil
            }
        }
    }

    /// The histogram of `ids` over `from < ts <= to`: bucket increments added; nil when there is
    /// no point.
    ///
    /// Series merge only when their bucket layouts are identical: the layout of the first id
    /// in `ids` that exists wins and series with other bounds are skipped.
    public func histogramTotal(_ ids: [Int64], from: Int64, to: Int64) throws(StoreError) -> HistogramTotal? {
        let from = clampTime(from)
        let to = clampTime(to)
        if ids.isEmpty || to <= from { return nil }
        return try perform("read") {
            try pool.read { db in
                guard let layout = try histogramLayout(ids, db) else { return nil }
                let segments = TierPlan.window(start: from + 1, end: to + 1, watermarks: try watermarks(db))
                var accumulator = HistogramAccumulator(upperBounds: layout.bounds)
                for segment in segments {
                    let rows = try Row.fetchCursor(
                        db,
                        sql: """
                            SELECT count, sum, buckets FROM \(segment.tier.histogramSource(start: segment.start, end: segment.end))
                            WHERE series_id IN (\(Store.idList(layout.ids))) AND ts >= ? AND ts < ?
                            """,
                        arguments: [segment.start, segment.end]
                    )
                    while let row = try rows.next() {
                        accumulator.add(count: row[0], sum: row[1], buckets: row[2])
                    }
                }
                return accumulator.total
            }
        }
    }

    /// The latest value of each gauge in `ids` with `ts >= notBefore`; series without one are
    /// left out. Reads raw rows (kept 48 h by default): the recent rows of `ids`,
    /// then the series-ordered rows for the ids not found there.
    public func latestGauges(_ ids: [Int64], notBefore: Int64) throws(StoreError) -> [Int64: Double] {
        if ids.isEmpty { return [:] }
        return try perform("read") {
            try pool.read { db in
                var values: [Int64: Double] = [:]
                let recent = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT series_id, value FROM \(Schema.recentPoints)
                        WHERE slot IN \(RollupTier.recentSlots(Schema.recentPoints, start: notBefore, end: 1 << 62))
                        AND series_id IN (\(Store.idList(ids))) AND ts >= ? ORDER BY ts
                        """,
                    arguments: [notBefore]
                )
                while let row = try recent.next() {
                    values[row[0]] = row[1]
                }
                let statement = try db.cachedStatement(
                    sql: "SELECT value FROM points WHERE series_id = ? AND ts >= ? ORDER BY ts DESC LIMIT 1"
                )
                for id in ids where values[id] == nil {
                    if let value = try Double.fetchOne(statement, arguments: [id, notBefore]) {
                        values[id] = value
                    }
                }
                return values
            }
        }
    }

    /// The bucket layout to merge `ids` with, and the ids that share it.
    func histogramLayout(_ ids: [Int64], _ db: Database) throws -> (bounds: [Double], ids: [Int64])? {
        let keys = try keys(for: ids, db)
        guard let first = ids.first(where: { keys[$0]?.kind == .histogram }), let bounds = keys[first]?.bucketBounds
        else { return nil }
        let matching = ids.filter { keys[$0]?.kind == .histogram && keys[$0]?.bucketBounds == bounds }
        return (bounds, matching)
    }
}
