import Foundation
import Vocabulary

/// The store's in-memory maps between series keys and ids, so a write or a read does not ask
/// SQLite for what it has just seen.
///
/// Keys (target, name, label text, bucket bounds) are most of a series' memory, and a collector
/// already keeps the ids of its targets' series itself, so the key maps are bounded: they start
/// over when they reach `capacity` entries. What the write path checks on every histogram
/// record, a series' kind and bucket count, is kept for every series seen (a few bytes each).
///
/// The store is the single owner; the lock only makes its own reads and writes atomic.
/// `@unchecked Sendable` because every access goes through `lock`.
final class SeriesCache: @unchecked Sendable {
    /// What a histogram record is checked against.
    struct Shape: Equatable {
        var kind: SeriesKind
        var bucketCount: Int
    }

    /// Entries per key map before it starts over.
    let capacity: Int
    private let lock = NSLock()
    private var ids: [SeriesKey: Int64] = [:]
    private var keys: [Int64: SeriesKey] = [:]
    private var shapes: [Int64: Shape] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    func id(for key: SeriesKey) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        return ids[key]
    }

    func key(for id: Int64) -> SeriesKey? {
        lock.lock()
        defer { lock.unlock() }
        return keys[id]
    }

    /// The shapes of the series of `records`, in their order, under one lock (a tick checks
    /// thousands).
    func shapes(of records: [HistogramRecord]) -> [Shape?] {
        lock.lock()
        defer { lock.unlock() }
        return records.map { shapes[$0.seriesID] }
    }

    func insert(_ key: SeriesKey, id: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if ids.count >= capacity { ids.removeAll(keepingCapacity: true) }
        if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
        ids[key] = id
        keys[id] = key
        shapes[id] = Shape(kind: key.kind, bucketCount: key.bucketBounds.count)
    }
}
