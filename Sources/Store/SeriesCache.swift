import Foundation

/// The store's in-memory map between series keys and ids, so the hot write path does not ask
/// SQLite for an id it has already seen.
///
/// The store is the single owner; the lock only makes its own reads and writes atomic.
/// `@unchecked Sendable` because every access goes through `lock`.
final class SeriesCache: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [SeriesKey: Int64] = [:]
    private var keys: [Int64: SeriesKey] = [:]

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

    /// A consistent copy of the id → key map (copy-on-write, so cheap until the cache changes).
    func keysByID() -> [Int64: SeriesKey] {
        lock.lock()
        defer { lock.unlock() }
        return keys
    }

    func insert(_ key: SeriesKey, id: Int64) {
        lock.lock()
        defer { lock.unlock() }
        ids[key] = id
        keys[id] = key
    }
}
