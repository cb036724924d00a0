import Foundation
import GRDB

/// SQL and binding shared by rollups and late-write folding.
enum Rollup {
    /// Insert-or-add of a point aggregate into a rollup tier.
    static func pointsUpsert(_ tier: RollupTier) -> String {
        """
        INSERT INTO \(tier.pointsTable)(series_id, ts, sum, min, max, n, last) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(series_id, ts) DO UPDATE SET sum = sum + excluded.sum, min = MIN(min, excluded.min),
            max = MAX(max, excluded.max), n = n + excluded.n, last = excluded.last
        """
    }

    /// Insert-or-add of histogram increments into any tier (raw included).
    static func histogramUpsert(_ tier: RollupTier) -> String {
        """
        INSERT INTO \(tier.histogramTable)(series_id, ts, count, sum, buckets) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(series_id, ts) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,
            buckets = \(Schema.addBucketsFunction)(buckets, excluded.buckets)
        """
    }

    /// The upsert clause that adds histogram increments landing on an existing row of `key`.
    static func histogramConflict(key: String) -> String {
        """
        ON CONFLICT(\(key)) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,
            buckets = \(Schema.addBucketsFunction)(buckets, excluded.buckets)
        """
    }

    /// Moves the recent (time-ordered) raw rows with `ts < end` into the series-ordered tables,
    /// in their key order, so each series' leaf page is written once per rollup instead of once
    /// per tick. Rows normally never collide (recent rows are at or above the watermark, the
    /// series-ordered ones below); if one does, counters and histograms add and gauges replace,
    /// as in `Store.write`.
    static func drainRecent(before end: Int64, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO points(series_id, ts, value)
                SELECT series_id, ts, value FROM \(Schema.recentPoints) WHERE slot < ? ORDER BY series_id, ts
                ON CONFLICT(series_id, ts) DO UPDATE SET value = CASE
                    WHEN (SELECT kind FROM series WHERE id = excluded.series_id) = 1 THEN excluded.value
                    ELSE value + excluded.value END;
                DELETE FROM \(Schema.recentPoints) WHERE slot < ?;
                INSERT INTO histogram_points(series_id, ts, count, sum, buckets)
                SELECT series_id, ts, count, sum, buckets FROM \(Schema.recentHistograms) WHERE slot < ?
                ORDER BY series_id, ts
                ON CONFLICT(series_id, ts) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,
                    buckets = \(Schema.addBucketsFunction)(buckets, excluded.buckets);
                DELETE FROM \(Schema.recentHistograms) WHERE slot < ?;
                """,
            arguments: [end, end, end, end]
        )
    }

    static func bind(_ statement: RawStatement, _ aggregate: PointAggregate, seriesID: Int64, ts: Int64) {
        statement.bind(int64: seriesID, at: 1)
        statement.bind(int64: ts, at: 2)
        statement.bind(double: aggregate.sum, at: 3)
        statement.bind(double: aggregate.min, at: 4)
        statement.bind(double: aggregate.max, at: 5)
        statement.bind(int64: aggregate.n, at: 6)
        statement.bind(double: aggregate.last, at: 7)
    }

    static func bind(_ statement: RawStatement, _ record: HistogramRecord, ts: Int64) {
        statement.bind(int64: record.seriesID, at: 1)
        statement.bind(int64: ts, at: 2)
        statement.bind(double: record.count, at: 3)
        statement.bind(double: record.sum, at: 4)
        statement.bind(littleEndianDoubles: record.buckets, at: 5)
    }

    /// Summarises `[start, end)` of `source` into `target` rows of `target.resolution`.
    ///
    /// Rows are read series by series in primary-key order (the `CROSS JOIN` keeps SQLite on
    /// the `(series_id, ts)` key instead of scanning), so each output row is one run of input.
    static func rollPoints(
        from source: RollupTier,
        to target: RollupTier,
        start: Int64,
        end: Int64,
        _ db: Database
    )
        throws
    {
        let columns = source == .raw ? "p.value, p.value, p.value, 1, p.value" : "p.sum, p.min, p.max, p.n, p.last"
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.series_id, p.ts, \(columns) FROM series s CROSS JOIN \(source.pointsTable) p
                ON p.series_id = s.id AND p.ts >= ? AND p.ts < ? ORDER BY s.id, p.ts
                """,
            arguments: [start, end]
        )
        let insert = try RawStatement(db, sql: pointsUpsert(target))
        var current: (seriesID: Int64, ts: Int64, aggregate: PointAggregate)?
        while let row = try rows.next() {
            let seriesID: Int64 = row[0]
            let ts = alignDown(row[1], target.resolution)
            let aggregate = PointAggregate(sum: row[2], min: row[3], max: row[4], n: row[5], last: row[6])
            if var open = current, open.seriesID == seriesID, open.ts == ts {
                open.aggregate.absorb(aggregate)
                current = open
                continue
            }
            if let open = current {
                bind(insert, open.aggregate, seriesID: open.seriesID, ts: open.ts)
                try insert.run()
            }
            current = (seriesID, ts, aggregate)
        }
        if let open = current {
            bind(insert, open.aggregate, seriesID: open.seriesID, ts: open.ts)
            try insert.run()
        }
    }

    /// Adds the histogram rows of `[start, end)` of `source` into `target` rows.
    static func rollHistograms(
        from source: RollupTier,
        to target: RollupTier,
        start: Int64,
        end: Int64,
        _ db: Database
    ) throws {
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.series_id, p.ts, p.count, p.sum, p.buckets FROM series s CROSS JOIN \(source.histogramTable) p
                ON p.series_id = s.id AND p.ts >= ? AND p.ts < ? ORDER BY s.id, p.ts
                """,
            arguments: [start, end]
        )
        let insert = try RawStatement(db, sql: histogramUpsert(target))
        var current: HistogramRecord?
        while let row = try rows.next() {
            let seriesID: Int64 = row[0]
            let ts = alignDown(row[1], target.resolution)
            let count: Double = row[2]
            let sum: Double = row[3]
            let buckets: Data = row[4]
            if var open = current, open.seriesID == seriesID, open.ts == ts {
                open.count += count
                open.sum += sum
                if open.buckets.count < buckets.count / 8 {
                    open.buckets += [Double](repeating: 0, count: buckets.count / 8 - open.buckets.count)
                }
                BucketCodec.add(buckets, into: &open.buckets)
                current = open
                continue
            }
            if let open = current {
                bind(insert, open, ts: open.ts)
                try insert.run()
            }
            current = HistogramRecord(
                seriesID: seriesID,
                ts: ts,
                count: count,
                sum: sum,
                buckets: BucketCodec.decode(buckets)
            )
        }
        if let open = current {
            bind(insert, open, ts: open.ts)
            try insert.run()
        }
    }
}
