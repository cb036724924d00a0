import GRDB
import Vocabulary

extension Store {
    /// The newest scrape of each target named in the JSON array `targets` (what
    /// `scrapes(target:limit: 1)` gives for each), in one statement: one index seek per target.
    static func newestScrapes(targets: String, _ db: Database) throws -> [String: ScrapeRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT s.target, s.ts, s.health, s.duration, s.bytes, s.error FROM json_each(?) AS t
                JOIN scrapes AS s ON s.id = (
                    SELECT id FROM scrapes WHERE target = t.value ORDER BY ts DESC, id DESC LIMIT 1)
                """
        )
        var newest: [String: ScrapeRecord] = [:]
        let rows = try Row.fetchCursor(statement, arguments: [targets])
        while let row = try rows.next() {
            let record = ScrapeRecord(
                target: row[0],
                ts: row[1],
                health: Store.health(storedText: row[2]),
                durationSeconds: row[3],
                bytes: row[4],
                error: row[5]
            )
            newest[record.target] = record
        }
        return newest
    }

    /// The newest version record of each target named in the JSON array `targets` (what
    /// `versions(target:limit: 1)` gives for each), in one statement.
    static func newestVersions(targets: String, _ db: Database) throws -> [String: VersionRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT v.target, v.ts, v.model, v.version FROM json_each(?) AS t
                JOIN versions AS v ON v.id = (
                    SELECT id FROM versions WHERE target = t.value ORDER BY ts DESC, id DESC LIMIT 1)
                """
        )
        var newest: [String: VersionRecord] = [:]
        let rows = try Row.fetchCursor(statement, arguments: [targets])
        while let row = try rows.next() {
            let record = VersionRecord(target: row[0], ts: row[1], model: row[2], version: row[3])
            newest[record.target] = record
        }
        return newest
    }
}
