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
        var known = cache.keysByID()
        let unknown = Set(records.map(\.seriesID)).filter { known[$0] == nil }
        if !unknown.isEmpty {
            known.merge(try keys(for: Array(unknown), db)) { first, _ in first }
        }
        for record in records {
            guard let key = known[record.seriesID], key.kind == .histogram else {
                throw StoreError(
                    operation: "write",
                    path: path,
                    message: "histogram record for series \(record.seriesID), which is not a histogram series"
                )
            }
            if key.bucketBounds.count != record.buckets.count {
                throw StoreError(
                    operation: "write",
                    path: path,
                    message: """
                        histogram record for series \(record.seriesID) has \(record.buckets.count) buckets, \
                        the series has \(key.bucketBounds.count) bounds
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

    private func writePoints(
        _ points: [PointRecord],
        isCounter: Bool,
        watermarks: Watermarks,
        _ db: Database
    ) throws {
        if points.isEmpty { return }
        let onConflict = isCounter ? "value + excluded.value" : "excluded.value"
        let insert = try RawStatement(
            db,
            sql: """
                INSERT INTO points(series_id, ts, value) VALUES (?, ?, ?)
                ON CONFLICT(series_id, ts) DO UPDATE SET value = \(onConflict)
                """
        )
        var late: [PointRecord] = []
        for point in points where !point.value.isNaN {
            insert.bind(int64: point.seriesID, at: 1)
            insert.bind(int64: point.ts, at: 2)
            insert.bind(double: point.value, at: 3)
            try insert.run()
            if point.ts < watermarks.minute { late.append(point) }
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
        let insert = try RawStatement(db, sql: Rollup.histogramUpsert(.raw))
        var late: [HistogramRecord] = []
        for record in records where !record.count.isNaN && !record.sum.isNaN {
            Rollup.bind(insert, record, ts: record.ts)
            try insert.run()
            if record.ts < watermarks.minute { late.append(record) }
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

    private func writeHistory(_ batch: StoreBatch, _ db: Database) throws {
        for scrape in batch.scrapes {
            try db.execute(
                sql: "INSERT INTO scrapes(target, ts, health, duration, bytes, error) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    scrape.target, scrape.ts, scrape.health, scrape.durationSeconds, scrape.bytes, scrape.error,
                ]
            )
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
