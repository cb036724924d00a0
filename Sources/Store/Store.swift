import Foundation
import GRDB

/// llmdeck's history: one SQLite file in WAL mode holding counter and histogram increments,
/// gauge values, their 1-minute and 1-hour rollups, scrape health, versions and events.
///
/// One process writes (the collector); any number of processes may open the same file with
/// `readOnly: true` and read while it writes. Every write is one transaction, so a crash or
/// `kill -9` loses at most the batch in flight and never leaves a half-written batch visible.
/// All times are milliseconds since the Unix epoch.
public final class Store: Sendable {
    /// The database file.
    public let path: String
    /// True when opened with `readOnly: true`: every write throws.
    public let isReadOnly: Bool

    let pool: DatabasePool
    let cache: SeriesCache
    /// Deployments' canonical series, remembered between reads (series are only ever added).
    let canonicalSeries = CanonicalSeriesMemo()

    /// Opens the store at `path`, creating and migrating it unless `readOnly`.
    ///
    /// A read-only open needs an existing store created by this or an earlier-compatible llmdeck.
    public convenience init(path: String, readOnly: Bool = false) throws(StoreError) {
        try self.init(path: path, readOnly: readOnly, seriesCacheCapacity: 8192)
    }

    /// `seriesCacheCapacity`: series keys kept in memory before the key cache starts over.
    init(path: String, readOnly: Bool, seriesCacheCapacity: Int) throws(StoreError) {
        cache = SeriesCache(capacity: seriesCacheCapacity)
        self.path = path
        self.isReadOnly = readOnly
        let fileExists = FileManager.default.fileExists(atPath: path)
        if readOnly && !fileExists {
            throw StoreError(
                operation: "open",
                path: path,
                message: "no store at this path; start `llmdeck collect` first or pass the right --db"
            )
        }
        if !readOnly && !fileExists {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(
                    operation: "open",
                    path: path,
                    message: "cannot create directory \(directory.path): \(error.localizedDescription)"
                )
            }
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try Schema.prepare(db) }
        do {
            pool = try Store.openPool(path: path, configuration: configuration)
        } catch {
            throw Store.storeError(error, operation: "open", path: path)
        }
        try checkSchema()
    }

    /// Opens the pool, trying again for up to 2.5 s while the file is busy: switching a new store
    /// to WAL needs it alone for a moment, and another process may be creating it at the same time.
    private static func openPool(path: String, configuration: Configuration) throws -> DatabasePool {
        for _ in 1..<50 {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                usleep(50_000)
            }
        }
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// Creates or checks the schema; refuses SQLite files that belong to something else.
    private func checkSchema() throws(StoreError) {
        let migrator = Schema.migrator
        try perform("migrate") {
            let state = try pool.read { db in
                (
                    hasForeignTables: try !db.tableExists("grdb_migrations")
                        && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0 > 0,
                    isComplete: try migrator.hasCompletedMigrations(db),
                    isSuperseded: try migrator.hasBeenSuperseded(db)
                )
            }
            if state.hasForeignTables {
                throw StoreError(
                    operation: "open",
                    path: path,
                    message: "this SQLite file has tables but is not an llmdeck store; pass another --db"
                )
            }
            if state.isSuperseded {
                throw StoreError(
                    operation: "open",
                    path: path,
                    message: "the store was written by a newer llmdeck; upgrade llmdeck to read it"
                )
            }
            if isReadOnly {
                if !state.isComplete {
                    throw StoreError(
                        operation: "open",
                        path: path,
                        message: "the store's schema is out of date; open it once with a writing llmdeck to migrate it"
                    )
                }
            } else if !state.isComplete {
                try migrate(migrator)
            }
        }
    }

    /// Applies the migrations this store lacks. Two processes opening a new store at once (a
    /// collector starting while a command opens it) both read which migrations are applied before
    /// either applies one, so one of them fails on a table the other has just created. Each
    /// migration is its own transaction that also records it as applied, so the loser reads the
    /// applied ones again and goes on from there.
    private func migrate(_ migrator: DatabaseMigrator) throws {
        for attempt in 1...10 {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                let completed = try pool.read { db in try migrator.hasCompletedMigrations(db) }
                if completed { return }
                if attempt == 10 { throw error }
            }
        }
    }

    /// Runs `body`, turning any GRDB or SQLite error into a `StoreError` for `operation`.
    func perform<T>(_ operation: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Store.storeError(error, operation: operation, path: path)
        }
    }

    /// Refuses writes on a read-only store with an error that says why.
    func requireWritable(_ operation: String) throws(StoreError) {
        if isReadOnly {
            throw StoreError(
                operation: operation,
                path: path,
                message: "the store is open read-only; only the collector process writes it"
            )
        }
    }

    static func storeError(_ error: any Error, operation: String, path: String) -> StoreError {
        guard let databaseError = error as? DatabaseError else {
            return StoreError(operation: operation, path: path, message: "\(error)")
        }
        let sqlite = databaseError.message ?? "\(databaseError.resultCode)"
        let message: String
        switch databaseError.resultCode.primaryResultCode {
        case .SQLITE_NOTADB:
            message = "the file is not an SQLite database (\(sqlite)); pass another --db or move the file aside"
        case .SQLITE_CORRUPT:
            message = "the database file is corrupt (\(sqlite)); move it aside and let llmdeck create a new one"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            message = "the store is locked by another process (\(sqlite)); only one collector may write a store"
        case .SQLITE_READONLY:
            message = "the file is read-only (\(sqlite)); check its permissions or open it read-only"
        case .SQLITE_CANTOPEN:
            message = "cannot open the file (\(sqlite)); check the path and its permissions"
        case .SQLITE_FULL:
            message = "the disk is full (\(sqlite)); free space or shorten retention"
        default:
            message = sqlite
        }
        return StoreError(operation: operation, path: path, message: message)
    }

    /// The rollup watermarks as committed.
    func watermarks(_ db: Database) throws -> Watermarks {
        var watermarks = Watermarks(minute: 0, hour: 0)
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT tier, watermark FROM rollup_state")) {
            let tier: String = row[0]
            let value: Int64 = row[1]
            if tier == RollupTier.minute.stateKey { watermarks.minute = value }
            if tier == RollupTier.hour.stateKey { watermarks.hour = value }
        }
        return watermarks
    }

    /// Ids joined with commas: the body of the JSON array the reads bind (`WindowReader.json`).
    static func idList(_ ids: [Int64]) -> String {
        ids.map(String.init).joined(separator: ",")
    }
}
