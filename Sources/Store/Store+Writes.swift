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
        var shapes = cache.shapes(of: records)
        if shapes.contains(nil) {
            let unknown = Set(zip(records, shapes).compactMap { $1 == nil ? $0.seriesID : nil })
            _ = try keys(for: Array(unknown), db)  // fills the cache's shapes
            shapes = cache.shapes(of: records)
        }
        for (record, shape) in zip(records, shapes) {
            guard let shape, shape.kind == .histogram else {
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
                    INSERT INTO targets(name, url, kind, environment, latency_every_ms) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET url = excluded.url, kind = excluded.kind,
                        environment = excluded.environment, latency_every_ms = excluded.latency_every_ms
                    """,
                arguments: [target.name, target.url, target.kind, target.environment, target.latencyEvery]
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
        let (fresh, late) = Store.split(points, ts: \.ts, seriesID: \.seriesID, at: watermarks.minute) {
            !$0.value.isNaN
        }
        try insertRows(
            fresh.count,
            into: "\(Schema.recentPoints)(slot, series_id, ts, value)",
            columns: 4,
            onConflict: "ON CONFLICT(slot, series_id, ts) DO UPDATE SET value = \(onConflict)",
            db
        ) { statement, row, first in
            let point = points[fresh[row]]
            statement.bind(int64: alignDown(point.ts, Schema.recentSlot), at: first)
            statement.bind(int64: point.seriesID, at: first + 1)
            statement.bind(int64: point.ts, at: first + 2)
            statement.bind(double: point.value, at: first + 3)
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
        let (fresh, late) = Store.split(records, ts: \.ts, seriesID: \.seriesID, at: watermarks.minute) {
            !$0.count.isNaN && !$0.sum.isNaN
        }
        try insertRows(
            fresh.count,
            into: "\(Schema.recentHistograms)(slot, series_id, ts, count, sum, buckets)",
            columns: 6,
            onConflict: Rollup.histogramConflict(key: "slot, series_id, ts"),
            db
        ) { statement, row, first in
            let position = fresh[row]
            statement.bind(int64: alignDown(records[position].ts, Schema.recentSlot), at: first)
            statement.bind(int64: records[position].seriesID, at: first + 1)
            statement.bind(int64: records[position].ts, at: first + 2)
            statement.bind(double: records[position].count, at: first + 3)
            statement.bind(double: records[position].sum, at: first + 4)
            statement.bind(littleEndianDoubles: records[position].buckets, at: first + 5)
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
    /// The rows `isWritable` accepts, split at the 1-minute watermark `minute`: positions of the
    /// fresh ones in the recent tables' `(slot, series_id)` order, and the late ones.
    static func split<Record>(
        _ records: [Record],
        ts: (Record) -> Int64,
        seriesID: (Record) -> Int64,
        at minute: Int64,
        where isWritable: (Record) -> Bool
    ) -> (fresh: [Int], late: [Record]) {
        var late: [Record] = []
        var fresh: [Int] = []
        fresh.reserveCapacity(records.count)
        for position in orderedPositions(records, by: { alignDown(ts($0), Schema.recentSlot) }, then: seriesID)
        where isWritable(records[position]) {
            if ts(records[position]) < minute {
                late.append(records[position])
            } else {
                fresh.append(position)
            }
        }
        return (fresh, late)
    }

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
        let positions = orderedPositions(records, by: major, then: minor)
        if positions.elementsEqual(records.indices) { return records }
        return positions.map { records[$0] }
    }

    /// Positions of `records` in `(major, minor)` order, stable (see `ordered(_:by:then:)`). Sorts
    /// the keys alone, so records holding arrays (histogram buckets) are not copied around.
    static func orderedPositions<Record>(
        _ records: [Record],
        by major: (Record) -> Int64,
        then minor: (Record) -> Int64
    ) -> [Int] {
        let keys = records.map { (major($0), minor($0)) }
        var isOrdered = true
        for index in keys.indices.dropFirst() where keys[index] < keys[index - 1] {
            isOrdered = false
            break
        }
        if isOrdered { return Array(keys.indices) }
        return keys.indices.sorted { first, second in
            keys[first] != keys[second] ? keys[first] < keys[second] : first < second
        }
    }

    /// Inserts `count` rows through cached multi-row statements, `Store.insertChunk` rows a step
    /// (the rest one a step): SQLite runs a statement's program, opens its cursor and seeks from
    /// the root once per step, so binding many rows to one step cuts most of the per-row cost.
    /// Rows go in the given order, one after another, so a later row that collides with an
    /// earlier one meets it in `onConflict` as when inserted by separate statements.
    /// `bind(statement, row, first)` binds row `row` from parameter `first` on.
    func insertRows(
        _ count: Int,
        into table: String,
        columns: Int,
        onConflict: String,
        _ db: Database,
        bind: (RawStatement, Int, Int32) -> Void
    ) throws {
        if count == 0 { return }
        let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        func sql(rows: Int) -> String {
            "INSERT INTO \(table) VALUES " + Array(repeating: tuple, count: rows).joined(separator: ", ") + " "
                + onConflict
        }
        var row = 0
        if count >= Store.insertChunk {
            let chunk = try RawStatement(db, sql: sql(rows: Store.insertChunk))
            while count - row >= Store.insertChunk {
                for offset in 0..<Store.insertChunk { bind(chunk, row + offset, Int32(offset * columns + 1)) }
                try chunk.run()
                row += Store.insertChunk
            }
        }
        if row == count { return }
        let single = try RawStatement(db, sql: sql(rows: 1))
        while row < count {
            bind(single, row, 1)
            try single.run()
            row += 1
        }
    }

    /// Rows one multi-row insert step binds (at most 6 columns × 64 = 384 parameters, under the
    /// 999 of old SQLite builds).
    static let insertChunk = 64

    private func writeHistory(_ batch: StoreBatch, _ db: Database) throws {
        if !batch.scrapes.isEmpty {
            // One row per poll (hundreds a second at 1,000 targets): cached multi-row statements.
            let scrapes = batch.scrapes
            try insertRows(
                scrapes.count,
                into: "scrapes(target, ts, health, duration, bytes, error)",
                columns: 6,
                onConflict: "",
                db
            ) { insert, row, first in
                insert.bind(text: scrapes[row].target, at: first)
                insert.bind(int64: scrapes[row].ts, at: first + 1)
                insert.bind(text: scrapes[row].health.rawValue, at: first + 2)
                insert.bind(double: scrapes[row].durationSeconds, at: first + 3)
                insert.bind(int64: Int64(scrapes[row].bytes), at: first + 4)
                insert.bind(optionalText: scrapes[row].error, at: first + 5)
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
