import GRDB

extension Store {
    /// Rolls every complete minute before `now` into the 1-minute tier and every complete hour
    /// into the 1-hour tier, then moves the watermarks, all in one transaction.
    ///
    /// Idempotent: a minute is rolled once; points written later for a rolled minute are folded
    /// in by `write(_:)`. Call it every few seconds from the collector.
    public func rollUp(now: Int64) throws(StoreError) {
        try requireWritable("rollUp")
        try perform("rollUp") {
            try pool.write { db in
                var watermarks = try watermarks(db)
                let minuteEnd = alignDown(clampTime(now), RollupTier.minute.resolution)
                if minuteEnd > watermarks.minute {
                    try Rollup.drainRecent(before: minuteEnd, db)
                    try Rollup.rollPoints(from: .raw, to: .minute, start: watermarks.minute, end: minuteEnd, db)
                    try Rollup.rollHistograms(from: .raw, to: .minute, start: watermarks.minute, end: minuteEnd, db)
                    try setWatermark(.minute, minuteEnd, db)
                    watermarks.minute = minuteEnd
                }
                let hourEnd = alignDown(watermarks.minute, RollupTier.hour.resolution)
                if hourEnd > watermarks.hour {
                    try Rollup.rollPoints(from: .minute, to: .hour, start: watermarks.hour, end: hourEnd, db)
                    try Rollup.rollHistograms(from: .minute, to: .hour, start: watermarks.hour, end: hourEnd, db)
                    try setWatermark(.hour, hourEnd, db)
                }
            }
        }
    }

    /// Deletes rows older than each tier's retention (milliseconds): raw rows older than
    /// `now - raw`, 1-minute rows older than `now - minute`, 1-hour rows older than `now - hour`.
    ///
    /// Never deletes a raw row that is not rolled up to minutes yet, nor a minute row that is not
    /// rolled up to hours yet, so a stalled rollup loses nothing. Negative retentions count as 0.
    /// Scrape history follows the raw retention; versions and events are kept.
    public func applyRetention(now: Int64, raw: Int64, minute: Int64, hour: Int64) throws(StoreError) {
        try requireWritable("applyRetention")
        try perform("applyRetention") {
            try pool.write { db in
                let watermarks = try watermarks(db)
                let now = clampTime(now)
                let rawCutoff = now - clampTime(max(0, raw))
                let cutoffs: [(RollupTier, Int64)] = [
                    (.raw, min(rawCutoff, watermarks.minute)),
                    (.minute, min(now - clampTime(max(0, minute)), watermarks.hour)),
                    (.hour, now - clampTime(max(0, hour))),
                ]
                for (tier, cutoff) in cutoffs {
                    for table in [tier.pointsTable, tier.histogramTable] {
                        try db.execute(
                            sql: "DELETE FROM \(table) WHERE series_id IN (SELECT id FROM series) AND ts < ?",
                            arguments: [cutoff]
                        )
                    }
                }
                // Recent rows are at or above the 1-minute watermark, so this deletes nothing
                // unless a row was written there by hand; kept so the rule holds for every row.
                for table in [Schema.recentPoints, Schema.recentHistograms] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE ts < ?", arguments: [cutoffs[0].1])
                }
                try db.execute(sql: "DELETE FROM scrapes WHERE ts < ?", arguments: [rawCutoff])
            }
        }
    }

    private func setWatermark(_ tier: RollupTier, _ value: Int64, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE rollup_state SET watermark = ? WHERE tier = ?",
            arguments: [value, tier.stateKey]
        )
    }
}
