import Foundation
import GRDB
import Vocabulary

extension Store {
    /// The sum of the increments of `ids` with `from < ts <= to`; nil when there is no point.
    ///
    /// Exact whatever has been rolled up: whole rolled-up hours and minutes are read from their
    /// tiers, the rest from raw rows (see `TierPlan.window`). Each series is summed in SQL, the
    /// series are added in the order of `ids`.
    public func counterTotal(_ ids: [Int64], from: Int64, to: Int64) throws(StoreError) -> Double? {
        let from = clampTime(from)
        let to = clampTime(to)
        if ids.isEmpty || to <= from { return nil }
        return try perform("read") {
            try pool.read { db in
                let reader = WindowReader(db, watermarks: try watermarks(db))
                return WindowReader.total(ids, try reader.counterSums(ids, from: from, to: to))
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
                var accumulator = HistogramAccumulator(upperBounds: layout.bounds)
                let reader = WindowReader(db, watermarks: try watermarks(db))
                try reader.forEachHistogramRow(layout.ids, from: from, to: to) { _, count, sum, buckets in
                    accumulator.add(count: count, sum: sum, buckets: buckets)
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
                try WindowReader(db, watermarks: Watermarks(minute: 0, hour: 0)).latestGauges(ids, notBefore: notBefore)
            }
        }
    }

    /// The newest poll of each target among the scrapes written after the scrape with id
    /// `scrapeID` (every target's when nil), and the id to pass next time: for a reader that
    /// checks every second which deployments polled again, without one seek per target.
    ///
    /// Scrape ids only grow, so the scrapes after an id are exactly those written since it was
    /// read; when the newest id is below `scrapeID` (the scrapes were removed) every target's
    /// newest poll is returned and `isComplete` is true.
    public func polls(
        after scrapeID: Int64?
    ) throws(StoreError) -> (polls: [String: Int64], newestScrapeID: Int64?, isComplete: Bool) {
        try perform("read") {
            try pool.read { db in try Store.polls(after: scrapeID, db) }
        }
    }

    /// The scrapes after an id, newest poll per target. `NOT INDEXED`: for the `GROUP BY`
    /// SQLite would otherwise scan the whole `(target, ts)` index (every scrape of the raw
    /// retention, ~85 ms on a 7-day store) instead of the rowid range of the few new rows.
    static let pollsAfterSQL = "SELECT target, MAX(ts) FROM scrapes NOT INDEXED WHERE id > ? GROUP BY target"

    /// `polls(after:)` in the open read `db`.
    static func polls(
        after scrapeID: Int64?,
        _ db: Database
    ) throws -> (polls: [String: Int64], newestScrapeID: Int64?, isComplete: Bool) {
        let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM scrapes"))
        var polls: [String: Int64] = [:]
        if let scrapeID, scrapeID <= newest ?? Int64.min {
            let statement = try db.cachedStatement(sql: Store.pollsAfterSQL)
            let rows = try Row.fetchCursor(statement, arguments: [scrapeID])
            while let row = try rows.next() { polls[row[0]] = row[1] }
            return (polls, newest, false)
        }
        let statement = try db.cachedStatement(
            sql: """
                SELECT name, (SELECT MAX(ts) FROM scrapes WHERE scrapes.target = targets.name) AS poll
                FROM targets WHERE poll IS NOT NULL
                """
        )
        for row in try Row.fetchAll(statement) { polls[row[0]] = row[1] }
        return (polls, newest, true)
    }

    /// The bucket layout to merge `ids` with, and the ids that share it.
    func histogramLayout(_ ids: [Int64], _ db: Database) throws -> (bounds: [Double], ids: [Int64])? {
        let keys = try keys(for: ids, db)
        return Store.histogramLayout(ids) { keys[$0].map { ($0.kind, $0.bucketBounds) } }
    }

    /// The layout rule shared by every histogram read: the bounds of the first histogram in
    /// `ids`, and the histograms of `ids` with exactly those bounds (in `ids` order).
    static func histogramLayout(
        _ ids: [Int64],
        describe: (Int64) -> (kind: SeriesKind, bounds: [Double])?
    ) -> (bounds: [Double], ids: [Int64])? {
        guard let first = ids.first(where: { describe($0)?.kind == .histogram }), let bounds = describe(first)?.bounds
        else { return nil }
        let matching = ids.filter {
            guard let series = describe($0) else { return false }
            return series.kind == .histogram && series.bounds == bounds
        }
        return (bounds, matching)
    }
}
