import Foundation
import GRDB

extension Store {
    /// Commits one collector tick in one transaction: all of it is visible, or none.
    ///
    /// Counter increments and histogram increments landing on an existing `(series, ts)` add to
    /// it; gauge values replace it. NaN values are skipped (SQLite cannot store NaN). A point
    /// older than a rollup watermark (a late write) is also folded into the rolled-up tiers, so
    /// window reads stay exact. Throws before writing anything when a histogram record's bucket
    /// count does not match its series' bounds.
    public func write(_ batch: StoreBatch) throws(StoreError) {
        try requireWritable("write")
        if batch.isEmpty { return }
        try perform("write") {
            try pool.write { db in
                try validate(batch.histogramIncrements, db)
                let watermarks = try watermarks(db)
                try writeTargets(batch.targets, db)
                try writePoints(batch.counterIncrements, isCounter: true, watermarks: watermarks, db)
                try writePoints(batch.gaugeValues, isCounter: false, watermarks: watermarks, db)
                try writeHistograms(batch.histogramIncrements, watermarks: watermarks, db)
                try writeHistory(batch, db)
            }
        }
    }

    private func validate(_ records: [HistogramRecord], _ db: Database) throws {
        if records.isEmpty { return }
        let unknown = Set(records.map(\.seriesID)).filter { cache.shape(of: $0) == nil }
        if !unknown.isEmpty { _ = try keys(for: Array(unknown), db) }  // fills the cache's shapes
        for record in records {
            guard let shape = cache.shape(of: record.seriesID), shape.kind == .histogram else {
                throw StoreError(
                    operation: "write",
                    path: path,
                    message: "histogram record for series \(record.seriesID), which is not a histogram series"
                )
            }
            if shape.bucketCount != record.buckets.count {
                throw StoreError(
                    operation: "write",
                    path: path,
                    message: """
                        histogram record for series \(record.seriesID) has \(record.buckets.count) buckets, \
                        the series has \(shape.bucketCount) bounds
                        """
                )
            }
        }
    }

    private func writeTargets(_ targets: [TargetRecord], _ db: Database) throws {
        for target in targets {
            try db.execute(
                sql: """
                    INSERT INTO targets(name, url, kind, environment) VALUES (?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET url = excluded.url, kind = excluded.kind,
                        environment = excluded.environment
                    """,
                arguments: [target.name, target.url, target.kind, target.environment]
            )
        }
    }

    /// Fresh rows (at or above the 1-minute watermark) go to the recent table in its
    /// `(slot, series_id)` order; late rows go to the series-ordered table and are folded
    /// into the rolled-up tiers.
    private func writePoints(
        _ points: [PointRecord],
        isCounter: Bool,
        watermarks: Watermarks,
        _ db: Database
    ) throws {
        if points.isEmpty { return }
        let onConflict = isCounter ? "value + excluded.value" : "excluded.value"
        let fresh = try RawStatement(
            db,
            sql: """
                INSERT INTO \(Schema.recentPoints)(slot, series_id, ts, value) VALUES (?, ?, ?, ?)
                ON CONFLICT(slot, series_id, ts) DO UPDATE SET value = \(onConflict)
                """
        )
        var late: [PointRecord] = []
        let bySlot = { (point: PointRecord) in alignDown(point.ts, Schema.recentSlot) }
        for point in Store.ordered(points, by: bySlot, then: \.seriesID) where !point.value.isNaN {
            if point.ts < watermarks.minute {
                late.append(point)
                continue
            }
            fresh.bind(int64: bySlot(point), at: 1)
            fresh.bind(int64: point.seriesID, at: 2)
            fresh.bind(int64: point.ts, at: 3)
            fresh.bind(double: point.value, at: 4)
            try fresh.run()
        }
        if late.isEmpty { return }
        let insert = try RawStatement(
            db,
            sql: """
                INSERT INTO points(series_id, ts, value) VALUES (?, ?, ?)
                ON CONFLICT(series_id, ts) DO UPDATE SET value = \(onConflict)
                """
        )
        for point in Store.keyOrdered(late, seriesID: \.seriesID, ts: \.ts) {
            insert.bind(int64: point.seriesID, at: 1)
            insert.bind(int64: point.ts, at: 2)
            insert.bind(double: point.value, at: 3)
            try insert.run()
        }
        for tier in [RollupTier.minute, .hour] {
            let tierLate = late.filter { $0.ts < watermarks.watermark(of: tier) }
            if tierLate.isEmpty { continue }
            let fold = try RawStatement(db, sql: Rollup.pointsUpsert(tier))
            for point in tierLate {
                Rollup.bind(
                    fold,
                    PointAggregate(value: point.value),
                    seriesID: point.seriesID,
                    ts: alignDown(point.ts, tier.resolution)
                )
                try fold.run()
            }
        }
    }

    private func writeHistograms(_ records: [HistogramRecord], watermarks: Watermarks, _ db: Database) throws {
        if records.isEmpty { return }
        let fresh = try RawStatement(db, sql: Rollup.recentHistogramUpsert)
        var late: [HistogramRecord] = []
        let bySlot = { (record: HistogramRecord) in alignDown(record.ts, Schema.recentSlot) }
        for record in Store.ordered(records, by: bySlot, then: \.seriesID)
        where !record.count.isNaN && !record.sum.isNaN {
            if record.ts < watermarks.minute {
                late.append(record)
                continue
            }
            Rollup.bind(fresh, record, ts: record.ts)
            fresh.bind(int64: bySlot(record), at: 6)
            try fresh.run()
        }
        if late.isEmpty { return }
        let insert = try RawStatement(db, sql: Rollup.histogramUpsert(.raw))
        for record in Store.keyOrdered(late, seriesID: \.seriesID, ts: \.ts) {
            Rollup.bind(insert, record, ts: record.ts)
            try insert.run()
        }
        for tier in [RollupTier.minute, .hour] {
            let tierLate = late.filter { $0.ts < watermarks.watermark(of: tier) }
            if tierLate.isEmpty { continue }
            let fold = try RawStatement(db, sql: Rollup.histogramUpsert(tier))
            for record in tierLate {
                Rollup.bind(fold, record, ts: alignDown(record.ts, tier.resolution))
                try fold.run()
            }
        }
    }

    /// `records` in `(series_id, ts)` order, the series-ordered tables' key order, so consecutive
    /// inserts land on the same or the next B-tree leaf. See `ordered(_:by:then:)`.
    static func keyOrdered<Record>(
        _ records: [Record],
        seriesID: (Record) -> Int64,
        ts: (Record) -> Int64
    ) -> [Record] {
        ordered(records, by: seriesID, then: ts)
    }

    /// `records` ordered by `major`, then `minor` (a primary key's order). Already-ordered input
    /// (the collector's usual tick) is returned as is after one pass; otherwise the sort is
    /// stable, so duplicates of one key keep their batch order (the last gauge value still wins).
    static func ordered<Record>(
        _ records: [Record],
        by major: (Record) -> Int64,
        then minor: (Record) -> Int64
    ) -> [Record] {
        func precedes(_ first: Record, _ second: Record) -> Bool {
            let (firstMajor, secondMajor) = (major(first), major(second))
            return firstMajor != secondMajor ? firstMajor < secondMajor : minor(first) < minor(second)
        }
        var isOrdered = true
        for index in records.indices.dropFirst() where precedes(records[index], records[index - 1]) {
            isOrdered = false
            break
        }
        if isOrdered { return records }
        return records.indices
            .sorted { first, second in
                if precedes(records[first], records[second]) { return true }
                if precedes(records[second], records[first]) { return false }
                return first < second
            }
            .map { records[$0] }
    }

    private func writeHistory(_ batch: StoreBatch, _ db: Database) throws {
        if !batch.scrapes.isEmpty {
            // One row per poll (hundreds a second at 1,000 targets): a cached statement, bound directly.
            let insert = try RawStatement(
                db,
                sql: "INSERT INTO scrapes(target, ts, health, duration, bytes, error) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for scrape in batch.scrapes {
                insert.bind(text: scrape.target, at: 1)
                insert.bind(int64: scrape.ts, at: 2)
                insert.bind(text: scrape.health, at: 3)
                insert.bind(double: scrape.durationSeconds, at: 4)
                insert.bind(int64: Int64(scrape.bytes), at: 5)
                insert.bind(optionalText: scrape.error, at: 6)
                try insert.run()
            }
        }
        for version in batch.versions {
            try db.execute(
                sql: "INSERT INTO versions(target, ts, model, version) VALUES (?, ?, ?, ?)",
                arguments: [version.target, version.ts, version.model, version.version]
            )
        }
        for event in batch.events {
            try db.execute(
                sql: "INSERT INTO events(ts, kind, target, detail) VALUES (?, ?, ?, ?)",
                arguments: [event.ts, event.kind, event.target, event.detail]
            )
        }
    }
}
