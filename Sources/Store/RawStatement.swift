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
/// 1.7× faster in release (reference/swift-platform.md §1c). Only used inside `pool.write`.
struct RawStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
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
