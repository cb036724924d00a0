import GRDB

extension Store {
    /// Every target the collector has described, by name.
    public func targets() throws(StoreError) -> [TargetRecord] {
        try perform("read") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT name, url, kind, environment FROM targets ORDER BY name").map {
                    TargetRecord(name: $0[0], url: $0[1], kind: $0[2], environment: $0[3])
                }
            }
        }
    }

    /// The newest scrape of `target`, or nil when it was never polled.
    public func lastScrape(target: String) throws(StoreError) -> ScrapeRecord? {
        try scrapes(target: target, limit: 1).first
    }

    /// The newest `limit` scrapes of `target`, newest first.
    public func scrapes(target: String, limit: Int) throws(StoreError) -> [ScrapeRecord] {
        try perform("read") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT target, ts, health, duration, bytes, error FROM scrapes
                        WHERE target = ? ORDER BY ts DESC, id DESC LIMIT ?
                        """,
                    arguments: [target, max(0, limit)]
                )
                .map {
                    ScrapeRecord(
                        target: $0[0],
                        ts: $0[1],
                        health: $0[2],
                        durationSeconds: $0[3],
                        bytes: $0[4],
                        error: $0[5]
                    )
                }
            }
        }
    }

    /// Versions observed on `target`, newest first.
    public func versions(target: String) throws(StoreError) -> [VersionRecord] {
        try perform("read") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT target, ts, model, version FROM versions WHERE target = ? ORDER BY ts DESC, id DESC",
                    arguments: [target]
                )
                .map { VersionRecord(target: $0[0], ts: $0[1], model: $0[2], version: $0[3]) }
            }
        }
    }

    /// Events with `from <= ts <= to`, oldest first; only `target`'s when given.
    public func events(from: Int64, to: Int64, target: String?) throws(StoreError) -> [EventRecord] {
        try perform("read") {
            try pool.read { db in
                var sql = "SELECT ts, kind, target, detail FROM events WHERE ts >= ? AND ts <= ?"
                var arguments: StatementArguments = [from, to]
                if let target {
                    sql += " AND target = ?"
                    arguments += [target]
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY ts, id", arguments: arguments).map {
                    EventRecord(ts: $0[0], kind: $0[1], target: $0[2], detail: $0[3])
                }
            }
        }
    }
}
