import Foundation
import GRDB

/// What a reader worked out from rows that no longer change, saved so the next reader (another
/// process too) resumes from it instead of reading every row again: the prompt experiments'
/// looks and totals since their start, for one.
///
/// The store keeps the payload as opaque bytes; its reader owns the format and the key, and
/// must check that a checkpoint still fits what it reads (the store cannot).
public struct ReaderCheckpoint: Sendable, Equatable {
    /// The reader's name for it, e.g. `experiment:<name>`.
    public var key: String
    /// Milliseconds: the time up to which the checkpoint covers rows (the reader says whether
    /// inclusive).
    public var through: Int64
    public var payload: Data

    public init(key: String, through: Int64, payload: Data) {
        self.key = key
        self.through = through
        self.payload = payload
    }
}

extension Store {
    /// Saves checkpoints (replacing those with the same keys) in one transaction; `savedAt` lets
    /// retention drop those no reader refreshed for a long time.
    public func save(_ checkpoints: [ReaderCheckpoint], savedAt: Int64) throws(StoreError) {
        try requireWritable("save checkpoints")
        if checkpoints.isEmpty { return }
        try perform("save checkpoints") {
            try pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO reader_checkpoints(key, through, saved_at, payload) VALUES (?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET
                            through = excluded.through, saved_at = excluded.saved_at, payload = excluded.payload
                        """
                )
                for checkpoint in checkpoints {
                    try statement.execute(
                        arguments: [checkpoint.key, checkpoint.through, savedAt, checkpoint.payload]
                    )
                }
            }
        }
    }

    /// Drops checkpoints saved before `savedBefore` (their readers are gone or were renamed).
    public func dropCheckpoints(savedBefore: Int64) throws(StoreError) {
        try requireWritable("drop checkpoints")
        try perform("drop checkpoints") {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM reader_checkpoints WHERE saved_at < ?", arguments: [savedBefore])
            }
        }
    }
}

extension StoreView {
    /// The checkpoints whose key starts with `prefix`, by key.
    public func checkpoints(prefix: String) throws -> [String: ReaderCheckpoint] {
        let statement = try db.cachedStatement(
            sql: "SELECT key, through, payload FROM reader_checkpoints WHERE key >= ? AND key < ?"
        )
        var found: [String: ReaderCheckpoint] = [:]
        // Keys are compared as text: everything from the prefix up to the prefix followed by
        // the highest code point.
        for row in try Row.fetchAll(statement, arguments: [prefix, prefix + "\u{10FFFF}"]) {
            let key: String = row[0]
            found[key] = ReaderCheckpoint(key: key, through: row[1], payload: row[2])
        }
        return found
    }
}
