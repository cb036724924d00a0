import GRDB

/// The store's tables, created and evolved by named, versioned migrations.
///
/// New tables and columns come as new migrations appended to `migrator` (v4 alerts, v5 audit, v6
/// Alertmanager, v7 a column of `targets`); existing migrations never change once released.
/// Follows https://www.sqlite.org/withoutrowid.html for the time-series tables (PK
/// `(series_id, ts)`, rows clustered by series).
enum Schema {
    /// Name of the SQL function that adds two bucket blobs element-wise (see `BucketCodec`).
    static let addBucketsFunction = "llmdeck_add_buckets"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 series, points, rollups, history") { db in
            try createCoreTables(db)
        }
        migrator.registerMigration("v2 time-ordered recent raw rows") { db in
            try createRecentTables(db)
        }
        migrator.registerMigration("v3 reader checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reader_checkpoints(
                        key TEXT PRIMARY KEY NOT NULL,
                        through INTEGER NOT NULL,
                        saved_at INTEGER NOT NULL,
                        payload BLOB NOT NULL)
                    """
            )
        }
        migrator.registerMigration("v4 alerts, acknowledgements, silences") { db in
            try createAlertTables(db)
        }
        migrator.registerMigration("v5 audit trail") { db in
            try createAuditTable(db)
        }
        migrator.registerMigration("v6 Alertmanager alerts and silences") { db in
            try createAlertmanagerTables(db)
        }
        migrator.registerMigration("v7 how often a target's latency is read") { db in
            try db.execute(sql: "ALTER TABLE targets ADD COLUMN latency_every_ms INTEGER")
        }
        return migrator
    }

    /// The error the audit table's triggers raise when a row would be changed or removed.
    static let auditAppendOnly = "the audit trail is append-only"

    /// The audit trail (`Store.appendAudit`, `AuditChain`): one row per action, hash-chained.
    /// Triggers refuse updates and deletes, and inserts at or below the newest id: an
    /// `INSERT OR REPLACE` deletes the row it replaces without firing delete triggers (SQLite
    /// fires them on REPLACE only with `recursive_triggers`). `AUTOINCREMENT` keeps the highest
    /// id ever issued in `sqlite_sequence`, so deleted newest rows leave a trace.
    private static func createAuditTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audit(
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ts INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject_kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    from_version TEXT,
                    to_version TEXT,
                    reason TEXT NOT NULL,
                    request TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    status TEXT,
                    output TEXT,
                    evidence TEXT,
                    refers_to INTEGER,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL);
                CREATE INDEX audit_ts ON audit(ts);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, '\(auditAppendOnly)'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, '\(auditAppendOnly)'); END;
                CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit WHEN NEW.id <= (SELECT MAX(id) FROM audit)
                    BEGIN SELECT RAISE(ABORT, '\(auditAppendOnly)'); END;
                """
        )
    }

    /// Alert states (one row per rule and deployment, written by the collecting process's
    /// evaluator), acknowledgements and silences (written by whoever acts: the console, another
    /// process); kept apart so a writer never overwrites what another wrote.
    private static func createAlertTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE alert_states(
                    rule_id TEXT NOT NULL,
                    deployment TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    state BLOB NOT NULL,
                    PRIMARY KEY(rule_id, deployment)) WITHOUT ROWID;
                CREATE TABLE alert_acknowledgements(
                    rule_id TEXT NOT NULL,
                    deployment TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY(rule_id, deployment)) WITHOUT ROWID;
                CREATE TABLE silences(
                    id TEXT PRIMARY KEY NOT NULL,
                    rule_id TEXT,
                    deployment TEXT,
                    created_by TEXT NOT NULL,
                    comment TEXT NOT NULL,
                    starts_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL);
                """
        )
    }

    /// What the collecting process read from each Alertmanager source (a snapshot per source, replaced
    /// whole at each read, and how the last read went), and the silences llmdeck made there, so an
    /// acknowledgement (a silence until the alert resolves) is expired by llmdeck once it resolved.
    private static func createAlertmanagerTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE alertmanager_alerts(
                    source TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    alertname TEXT NOT NULL,
                    deployment TEXT,
                    severity TEXT,
                    summary TEXT,
                    state TEXT NOT NULL,
                    starts_at INTEGER,
                    ends_at INTEGER,
                    labels TEXT NOT NULL,
                    annotations TEXT NOT NULL,
                    silenced_by TEXT NOT NULL,
                    inhibited_by TEXT NOT NULL,
                    generator_url TEXT,
                    PRIMARY KEY(source, fingerprint)) WITHOUT ROWID;
                CREATE TABLE alertmanager_sources(
                    source TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    checked_at INTEGER NOT NULL,
                    read_at INTEGER,
                    error TEXT) WITHOUT ROWID;
                CREATE TABLE alertmanager_silences(
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    alertname TEXT NOT NULL,
                    deployment TEXT,
                    kind TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    comment TEXT NOT NULL,
                    starts_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL,
                    expired_at INTEGER,
                    PRIMARY KEY(source, id)) WITHOUT ROWID;
                """
        )
    }

    /// Registers the functions the schema's SQL relies on and sets per-connection pragmas; run on
    /// every connection. The 64 MiB page cache (SQLite's default is 2 MiB) keeps the leaf pages a
    /// tick touches (one per series) in memory; pages are only allocated as used. The WAL is
    /// checkpointed every 16,384 pages (64 MiB, the `journal_size_limit`) instead of SQLite's
    /// 1,000: a tick rewrites most leaf pages, so checkpointing less often copies each page into
    /// the database file once per several ticks instead of once per tick. Crash safety is
    /// unchanged (see notes/store.md "kill -9 safety").
    /// Page cache per reading connection, KiB: the console's 7-day reads revisit the same rollup
    /// pages on every refresh.
    static let readerCacheKiB = 16384
    /// Page cache of the writing connection, KiB: a tick appends near the right edge of the
    /// time-ordered recent tables, so the pages it touches are few: `llmdeck-bench store` ingested
    /// 672k–720k increments/s at 4 MiB against 461k–476k at 16 MiB, side by side.
    static let writerCacheKiB = 4096

    static func prepare(_ db: Database) throws {
        db.add(
            function: DatabaseFunction(addBucketsFunction, argumentCount: 2, pure: true) { values in
                let first = values[0].storage
                let second = values[1].storage
                switch (first, second) {
                case (.blob(let a), .blob(let b)): return BucketCodec.sum(a, b)
                case (.blob(let a), _): return a
                case (_, .blob(let b)): return b
                default: return nil
                }
            }
        )
        let cacheKiB = db.configuration.readonly ? readerCacheKiB : writerCacheKiB
        // The writer's once-a-minute rollup sorts a minute of raw rows (`drainRecent`): with
        // temporary storage in memory that sort took 15–50 MB at 1,000 targets, kept by the
        // allocator afterwards; in files it spills past the page cache instead. Readers' sorts are
        // small and stay in memory.
        let tempStore = db.configuration.readonly ? "MEMORY" : "FILE"
        try db.execute(
            sql: """
                PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864; PRAGMA cache_size = -\(cacheKiB);
                PRAGMA wal_autocheckpoint = 16384; PRAGMA temp_store = \(tempStore)
                """
        )
    }

    /// Raw rows at or above the 1-minute watermark, keyed `(slot, series_id, ts)` (`slot` = `ts`
    /// rounded down to `recentSlot`, milliseconds): a tick lands in its own slot, so it is
    /// appended near the B-tree's right edge instead of dirtying one leaf page per series in the
    /// series-ordered `points`, and a read of a few series still seeks `(slot, series_id)` (one
    /// seek per slot present per series). `rollUp` moves rows below the new watermark into
    /// `points`/`histogram_points` once per minute. Rows of the v1 layout that are not rolled up
    /// yet move here, so "recent rows are exactly those at or above the watermark" holds after
    /// upgrading.
    private static func createRecentTables(_ db: Database) throws {
        let watermark = "(SELECT watermark FROM rollup_state WHERE tier = '1m')"
        let slot = "ts - ((ts % 5000) + 5000) % 5000"
        try db.execute(
            sql: """
                CREATE TABLE \(recentPoints)(
                    slot INTEGER NOT NULL,
                    series_id INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY(slot, series_id, ts)) WITHOUT ROWID;
                CREATE TABLE \(recentHistograms)(
                    slot INTEGER NOT NULL,
                    series_id INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    count REAL NOT NULL,
                    sum REAL NOT NULL,
                    buckets BLOB NOT NULL,
                    PRIMARY KEY(slot, series_id, ts)) WITHOUT ROWID;
                INSERT INTO \(recentPoints)(slot, series_id, ts, value)
                    SELECT \(slot), series_id, ts, value FROM points WHERE ts >= \(watermark);
                DELETE FROM points WHERE ts >= \(watermark);
                INSERT INTO \(recentHistograms)(slot, series_id, ts, count, sum, buckets)
                    SELECT \(slot), series_id, ts, count, sum, buckets FROM histogram_points WHERE ts >= \(watermark);
                DELETE FROM histogram_points WHERE ts >= \(watermark);
                """
        )
    }

    /// Width of a recent-table slot, milliseconds: about two 5-second ticks; divides a minute, so
    /// draining "slot < watermark" is "ts < watermark".
    static let recentSlot: Int64 = 5_000

    /// Time-ordered raw counter/gauge rows at or above the 1-minute watermark.
    static let recentPoints = "points_recent"
    /// Time-ordered raw histogram rows at or above the 1-minute watermark.
    static let recentHistograms = "histogram_points_recent"

    private static func createCoreTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE targets(
                    name TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    environment TEXT NOT NULL);
                CREATE TABLE series(
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    name TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    kind INTEGER NOT NULL,
                    bucket_bounds BLOB NOT NULL,
                    UNIQUE(target, name, labels));
                CREATE TABLE points(
                    series_id INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
                CREATE TABLE histogram_points(
                    series_id INTEGER NOT NULL,
                    ts INTEGER NOT NULL,
                    count REAL NOT NULL,
                    sum REAL NOT NULL,
                    buckets BLOB NOT NULL,
                    PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
                CREATE TABLE scrapes(
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    health TEXT NOT NULL,
                    duration REAL NOT NULL,
                    bytes INTEGER NOT NULL,
                    error TEXT);
                CREATE INDEX scrapes_target_ts ON scrapes(target, ts);
                CREATE INDEX scrapes_ts ON scrapes(ts);
                CREATE TABLE versions(
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    model TEXT NOT NULL,
                    version TEXT NOT NULL);
                CREATE INDEX versions_target_ts ON versions(target, ts);
                CREATE TABLE events(
                    id INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    target TEXT,
                    detail TEXT NOT NULL);
                CREATE INDEX events_ts ON events(ts);
                CREATE TABLE rollup_state(
                    tier TEXT PRIMARY KEY NOT NULL,
                    watermark INTEGER NOT NULL);
                INSERT INTO rollup_state(tier, watermark) VALUES ('1m', 0), ('1h', 0);
                """
        )
        for tier in [RollupTier.minute, .hour] {
            try db.execute(
                sql: """
                    CREATE TABLE \(tier.pointsTable)(
                        series_id INTEGER NOT NULL,
                        ts INTEGER NOT NULL,
                        sum REAL NOT NULL,
                        min REAL NOT NULL,
                        max REAL NOT NULL,
                        n INTEGER NOT NULL,
                        last REAL NOT NULL,
                        PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
                    CREATE TABLE \(tier.histogramTable)(
                        series_id INTEGER NOT NULL,
                        ts INTEGER NOT NULL,
                        count REAL NOT NULL,
                        sum REAL NOT NULL,
                        buckets BLOB NOT NULL,
                        PRIMARY KEY(series_id, ts)) WITHOUT ROWID;
                    """
            )
        }
    }
}
