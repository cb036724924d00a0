import GRDB

extension Store {
    /// Appends `entry` to the audit trail and returns it as stored, in one write transaction:
    /// the new row takes the next id the store issues and links to the newest row's hash
    /// (`AuditChain.genesisHash` for the first).
    ///
    /// Nothing else ever writes the `audit` table: triggers refuse every update and delete, and
    /// retention does not touch it.
    public func appendAudit(_ entry: AuditEntry) throws(StoreError) -> AuditRecord {
        try requireWritable("appendAudit")
        return try perform("appendAudit") {
            try pool.write { db in
                let newest = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
                let newestID: Int64 = try newest?.decode(atIndex: 0) ?? 0
                let previousHash: String = try newest?.decode(atIndex: 1) ?? AuditChain.genesisHash
                // The id AUTOINCREMENT would give: past every id ever issued, even deleted ones,
                // so a deleted newest row leaves a gap `AuditChain.verify` reports.
                let id = max(newestID, try StoreView.lastIssuedAuditID(db) ?? 0) + 1
                let record = AuditRecord(
                    id: id,
                    entry: entry,
                    previousHash: previousHash,
                    hash: AuditChain.hash(id: id, entry: entry, previousHash: previousHash)
                )
                try db.execute(
                    sql: """
                        INSERT INTO audit(id, ts, actor, action, subject_kind, subject, from_version, to_version,
                            reason, request, outcome, status, output, evidence, refers_to, prev_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, entry.time, entry.actor, entry.action, entry.subjectKind, entry.subject, entry.fromVersion,
                        entry.toVersion, entry.reason, entry.request, entry.outcome, entry.status, entry.output,
                        entry.evidence, entry.refersTo, record.previousHash, record.hash,
                    ]
                )
                return record
            }
        }
    }
}

extension StoreView {
    /// Audit rows, oldest first: those at or after `since` (milliseconds since the Unix epoch;
    /// every row when nil), and of those only the newest `limit` when given.
    ///
    /// `AuditChain.verify` needs every row from the first: pass nil for both.
    public func auditRecords(since: Int64? = nil, limit: Int? = nil) throws -> [AuditRecord] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT * FROM (
                        SELECT id, ts, actor, action, subject_kind, subject, from_version, to_version, reason, request,
                            outcome, status, output, evidence, refers_to, prev_hash, hash
                        FROM audit WHERE ts >= ? ORDER BY id DESC LIMIT ?)
                    ORDER BY id
                    """
            ),
            arguments: [since ?? .min, limit.map { Int64(max($0, 0)) } ?? -1]
        )
        return try rows.map(Self.auditRecord)
    }

    /// The highest id the store ever gave an audit row (SQLite's AUTOINCREMENT counter), nil
    /// before the first: what `AuditChain.verify` compares the newest row with to find deleted
    /// newest rows.
    public func auditLastIssuedID() throws -> Int64? {
        try Self.lastIssuedAuditID(db)
    }

    static func lastIssuedAuditID(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'")
    }

    /// Decodes with GRDB's throwing accessors: a row edited by hand to a value of another type
    /// is an error to report, not a crash.
    private static func auditRecord(_ row: Row) throws -> AuditRecord {
        let entry = AuditEntry(
            time: try row.decode(atIndex: 1),
            actor: try row.decode(atIndex: 2),
            action: try row.decode(atIndex: 3),
            subjectKind: try row.decode(atIndex: 4),
            subject: try row.decode(atIndex: 5),
            fromVersion: try row.decode(atIndex: 6),
            toVersion: try row.decode(atIndex: 7),
            reason: try row.decode(atIndex: 8),
            request: try row.decode(atIndex: 9),
            outcome: try row.decode(atIndex: 10),
            status: try row.decode(atIndex: 11),
            output: try row.decode(atIndex: 12),
            evidence: try row.decode(atIndex: 13),
            refersTo: try row.decode(atIndex: 14)
        )
        return AuditRecord(
            id: try row.decode(atIndex: 0),
            entry: entry,
            previousHash: try row.decode(atIndex: 15),
            hash: try row.decode(atIndex: 16)
        )
    }
}
