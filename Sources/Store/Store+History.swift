import GRDB

extension Store {
    /// Every target the collector has described, by name.
    public func targets() throws(StoreError) -> [TargetRecord] {
        try perform("read") {
            try pool.read { db in
                let statement = try db.cachedStatement(
                    sql: "SELECT name, url, kind, environment, latency_every_ms FROM targets ORDER BY name"
                )
                return try Row.fetchAll(statement).map {
                    TargetRecord(name: $0[0], url: $0[1], kind: $0[2], environment: $0[3], latencyEvery: $0[4])
                }
            }
        }
    }

    /// The newest scrape of `target`, or nil when it was never polled.
    public func lastScrape(target: String) throws(StoreError) -> ScrapeRecord? {
        try scrapes(target: target, limit: 1).first
    }

    /// Milliseconds of every target's newest scrape, by target name; targets never polled are
    /// left out. One statement, one index seek per target (what `lastScrape(target:)?.ts` gives
    /// for each): for a console checking which deployments polled again.
    public func lastPolls() throws(StoreError) -> [String: Int64] {
        try perform("read") {
            try pool.read { db in
                let statement = try db.cachedStatement(
                    sql: """
                        SELECT name, (SELECT MAX(ts) FROM scrapes WHERE scrapes.target = targets.name) AS poll
                        FROM targets WHERE poll IS NOT NULL
                        """
                )
                var polls: [String: Int64] = [:]
                for row in try Row.fetchAll(statement) { polls[row[0]] = row[1] }
                return polls
            }
        }
    }

    /// The newest `limit` scrapes of `target`, newest first.
    public func scrapes(target: String, limit: Int) throws(StoreError) -> [ScrapeRecord] {
        try perform("read") {
            try pool.read { db in try Store.scrapes(target: target, limit: limit, db) }
        }
    }

    /// Versions observed on `target`, newest first.
    public func versions(target: String) throws(StoreError) -> [VersionRecord] {
        try perform("read") {
            try pool.read { db in try Store.versions(target: target, limit: -1, db) }
        }
    }

    /// The newest version observed on `target` (`versions(target:).first` without the rest).
    public func latestVersion(target: String) throws(StoreError) -> VersionRecord? {
        try perform("read") {
            try pool.read { db in try Store.versions(target: target, limit: 1, db).first }
        }
    }

    /// Events with `from <= ts <= to`, oldest first; only `target`'s when given.
    public func events(from: Int64, to: Int64, target: String?) throws(StoreError) -> [EventRecord] {
        try perform("read") {
            try pool.read { db in
                let columns = "SELECT ts, kind, target, detail FROM events WHERE ts >= ? AND ts <= ?"
                let rows: [Row]
                if let target {
                    let statement = try db.cachedStatement(sql: columns + " AND target = ? ORDER BY ts, id")
                    rows = try Row.fetchAll(statement, arguments: [from, to, target])
                } else {
                    rows = try Row.fetchAll(
                        db.cachedStatement(sql: columns + " ORDER BY ts, id"),
                        arguments: [from, to]
                    )
                }
                return rows.map { EventRecord(ts: $0[0], kind: $0[1], target: $0[2], detail: $0[3]) }
            }
        }
    }

    /// The newest `limit` scrapes of `target` in an open read, through one cached statement.
    static func scrapes(target: String, limit: Int, _ db: Database) throws -> [ScrapeRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT target, ts, health, duration, bytes, error FROM scrapes
                WHERE target = ? ORDER BY ts DESC, id DESC LIMIT ?
                """
        )
        return try Row.fetchAll(statement, arguments: [target, max(0, limit)]).map {
            ScrapeRecord(
                target: $0[0],
                ts: $0[1],
                health: Store.health(storedText: $0[2]),
                durationSeconds: $0[3],
                bytes: $0[4],
                error: $0[5]
            )
        }
    }

    /// The newest `limit` versions of `target` in an open read (a negative limit: all of them).
    static func versions(target: String, limit: Int, _ db: Database) throws -> [VersionRecord] {
        let statement = try db.cachedStatement(
            sql: "SELECT target, ts, model, version FROM versions WHERE target = ? ORDER BY ts DESC, id DESC LIMIT ?"
        )
        return try Row.fetchAll(statement, arguments: [target, limit]).map {
            VersionRecord(target: $0[0], ts: $0[1], model: $0[2], version: $0[3])
        }
    }
}
