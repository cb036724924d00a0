import Foundation
import GRDB

#if canImport(GRDBSQLite)
import GRDBSQLite
#else
import SQLite3
#endif

/// A GRDB cached statement driven through the SQLite C API for the ingest hot path.
///
/// Binding through `sqlite3_bind_*` skips GRDB's `StatementArguments` boxing, which measured
/// 1.7× faster in release (reference/swift-platform.md §1c). Used by ingest (`pool.write`) and by
/// the window reads (`WindowReader`), whose SQL texts are fixed per shape so they stay cached.
struct RawStatement {
    /// Keeps GRDB's statement (and so the SQLite handle) alive as long as this value.
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A cached statement: for SQL that is the same on every call.
    init(_ db: Database, sql: String) throws {
        try self.init(db, statement: db.cachedStatement(sql: sql))
    }

    private init(_ db: Database, statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
        // A cached statement left mid-iteration by a thrown error would otherwise keep its
        // read position; bindings are all set again by the caller.
        sqlite3_reset(handle)
    }

    /// Binds `value` as TEXT (SQLite copies it).
    func bind(text value: String, at index: Int32) {
        _ = value.withCString { sqlite3_bind_text(handle, index, $0, -1, RawStatement.transient) }
    }

    /// Binds `value` as TEXT, or NULL when it is nil.
    func bind(optionalText value: String?, at index: Int32) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        bind(text: value, at: index)
    }

    func bind(int64 value: Int64, at index: Int32) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(double value: Double, at index: Int32) {
        sqlite3_bind_double(handle, index, value)
    }

    func bind(blob value: Data, at index: Int32) {
        if value.isEmpty {
            sqlite3_bind_zeroblob(handle, index, 0)
            return
        }
        value.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), RawStatement.transient)
        }
    }

    /// Binds `values` as the BLOB `BucketCodec.encode(values)` would produce (little-endian
    /// Float64s) without building a `Data` per row: on little-endian hosts the array's own
    /// storage already has that layout, and SQLite copies it (`SQLITE_TRANSIENT`).
    func bind(littleEndianDoubles values: [Double], at index: Int32) {
        if values.isEmpty {
            sqlite3_bind_zeroblob(handle, index, 0)
            return
        }
        #if _endian(little)
        values.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), RawStatement.transient)
        }
        #else
        bind(blob: BucketCodec.encode(values), at: index)
        #endif
    }

    /// Steps a query once: true when a row is available, false when done.
    func nextRow() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        if code == SQLITE_DONE { return false }
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
    }

    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func double(at column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// The column's BLOB bytes, valid until the next step; empty for NULL or an empty blob.
    func blob(at column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let base = sqlite3_column_blob(handle, column), count > 0 else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: base, count: count)
    }

    /// Steps once and resets, throwing SQLite's own error when the statement fails.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        if code != SQLITE_DONE {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
