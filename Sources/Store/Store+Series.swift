import Foundation
import GRDB
import Vocabulary

extension Store {
    /// The id of the series with `key`, creating the series when it is new.
    ///
    /// The ids of recently used series (up to `SeriesCache.capacity`) are kept in memory; a caller
    /// that asks for the same series on every scrape (a collector) keeps their ids itself.
    /// Throws when the series exists with another kind or bucket layout.
    public func seriesID(for key: SeriesKey) throws(StoreError) -> Int64 {
        if let id = cache.id(for: key) { return id }
        let ids = try seriesIDs(for: [key])
        return ids[0]
    }

    /// Ids of many series at once, creating the missing ones in one transaction.
    ///
    /// Use on a collector's first tick, where thousands of series are new.
    public func seriesIDs(for keys: [SeriesKey]) throws(StoreError) -> [Int64] {
        var result = keys.map { cache.id(for: $0) }
        let missing = result.indices.filter { result[$0] == nil }
        if missing.isEmpty { return result.compactMap { $0 } }
        try requireWritable("seriesID")
        let found: [(Int, Int64)] = try perform("seriesID") {
            try pool.write { db in
                // Through the C API: at start a collector creates tens of thousands of series here,
                // and GRDB's argument boxing and `Row`s were most of the time.
                let insert = try RawStatement(
                    db,
                    sql: """
                        INSERT INTO series(target, name, labels, kind, bucket_bounds) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(target, name, labels) DO NOTHING
                        """
                )
                let select = try RawStatement(
                    db,
                    sql: "SELECT id, kind, bucket_bounds FROM series WHERE target = ? AND name = ? AND labels = ?"
                )
                func bindName(_ key: SeriesKey, _ statement: RawStatement) {
                    statement.bind(text: key.target, at: 1)
                    statement.bind(text: key.name, at: 2)
                    statement.bind(text: key.labels, at: 3)
                }
                var found: [(Int, Int64)] = []
                found.reserveCapacity(missing.count)
                for index in missing {
                    let key = keys[index]
                    let bounds = BucketCodec.encode(key.bucketBounds)
                    bindName(key, insert)
                    bindName(key, select)
                    insert.bind(int64: Int64(key.kind.rawValue), at: 4)
                    insert.bind(blob: bounds, at: 5)
                    try insert.run()
                    guard try select.nextRow() else {
                        throw StoreError(operation: "seriesID", path: path, message: "series vanished after insert")
                    }
                    let id = select.int64(at: 0)
                    let sameShape =
                        select.int64(at: 1) == Int64(key.kind.rawValue) && select.blob(at: 2).elementsEqual(bounds)
                    while try select.nextRow() {}  // (target, name, labels) is unique: this resets it
                    if !sameShape {
                        throw StoreError(
                            operation: "seriesID",
                            path: path,
                            message: """
                                series \(key.target)/\(key.name){\(key.labels)} already exists with another kind \
                                or bucket layout; give the new layout its own name or labels
                                """
                        )
                    }
                    found.append((index, id))
                }
                return found
            }
        }
        for (index, id) in found {
            result[index] = id
            cache.insert(keys[index], id: id)
        }
        return result.compactMap { $0 }
    }

    /// Every series of `target` (or of all targets when nil), ordered by id.
    public func series(target: String?) throws(StoreError) -> [(id: Int64, key: SeriesKey)] {
        try perform("read") {
            try pool.read { db in
                let rows: [Row]
                let columns = "SELECT id, target, name, labels, kind, bucket_bounds FROM series"
                if let target {
                    let statement = try db.cachedStatement(sql: "\(columns) WHERE target = ? ORDER BY id")
                    rows = try Row.fetchAll(statement, arguments: [target])
                } else {
                    rows = try Row.fetchAll(db.cachedStatement(sql: "\(columns) ORDER BY id"))
                }
                return rows.map { row in (id: row[0], key: Store.seriesKey(row, offset: 1)) }
            }
        }
    }

    /// The keys of `ids`, from the cache or the database; unknown ids are left out.
    func keys(for ids: [Int64], _ db: Database) throws -> [Int64: SeriesKey] {
        var keys: [Int64: SeriesKey] = [:]
        var unknown: [Int64] = []
        for id in ids {
            if let key = cache.key(for: id) { keys[id] = key } else { unknown.append(id) }
        }
        if unknown.isEmpty { return keys }
        let statement = try db.cachedStatement(
            sql:
                "SELECT id, target, name, labels, kind, bucket_bounds FROM series WHERE id IN (SELECT value FROM json_each(?))"
        )
        for row in try Row.fetchAll(statement, arguments: [WindowReader.json(unknown)]) {
            let id: Int64 = row[0]
            let key = Store.seriesKey(row, offset: 1)
            keys[id] = key
            cache.insert(key, id: id)
        }
        return keys
    }

    /// Builds a key from `target, name, labels, kind, bucket_bounds` columns starting at `offset`.
    static func seriesKey(_ row: Row, offset: Int) -> SeriesKey {
        let kindValue: Int = row[offset + 3]
        let bounds: Data = row[offset + 4]
        return SeriesKey(
            target: row[offset],
            name: row[offset + 1],
            labels: row[offset + 2],
            kind: SeriesKind(rawValue: kindValue) ?? .gauge,
            bucketBounds: BucketCodec.decode(bounds)
        )
    }
}
