/// Deduplicates the byte strings of one parse so each distinct name or label value becomes
/// one `String`, created (and UTF-8 validated) once.
///
/// Open addressing with linear probing over a power-of-two slot array; the bytes live in one
/// arena so a lookup costs a hash and a `memcmp`, no allocation. The tables are raw memory
/// owned by this object (a class, so the session never copies them), which keeps bounds and
/// uniqueness checks out of the hot loop; every index is derived from the table's own sizes.
final class InternTable {
    /// Where an interned byte string lives in the arena, and its hash.
    private struct Entry {
        var hash: UInt64
        var offset: Int
        var length: Int
    }

    private var slots: UnsafeMutablePointer<Int32>
    private var slotCount: Int
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// The interned strings, indexed by id.
    private(set) var strings: [String] = []

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotCount = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: -1, count: size)
        entryCapacity = size / 2
        entries = .allocate(capacity: entryCapacity)
        arenaCapacity = 16 * 1024
        arena = .allocate(capacity: arenaCapacity)
        strings.reserveCapacity(entryCapacity)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        arena.deallocate()
    }

    var count: Int { strings.count }

    /// Bytes of the interned names and values, to bound the memory of a table kept across parses.
    var byteCount: Int { arenaCount }

    /// The id of these bytes when they were interned before; never adds them.
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            let entry = entries[Int(id)]
            if entry.hash == hash && entry.length == bytes.count && Self.equal(arena + entry.offset, bytes) {
                return id
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of these bytes, adding them when new; nil when they are not valid UTF-8.
    func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = bytes.count
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let entry = entries[Int(id)]
            if entry.hash == hash && entry.length == length && Self.equal(arena + entry.offset, bytes) {
                return id
            }
            slot = (slot + 1) & mask
        }
        guard let string = Self.string(bytes) else { return nil }
        let id = strings.count
        strings.append(string)
        if arenaCount + length > arenaCapacity {
            var capacity = arenaCapacity * 2
            while arenaCount + length > capacity { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = grown
            arenaCapacity = capacity
        }
        if let base = bytes.baseAddress { (arena + arenaCount).update(from: base, count: length) }
        entries[id] = Entry(hash: hash, offset: arenaCount, length: length)
        arenaCount += length
        slots[slot] = Int32(truncatingIfNeeded: id)
        if strings.count * 2 >= slotCount { grow() }
        return Int32(truncatingIfNeeded: id)
    }

    /// The string of an id returned by `intern`.
    subscript(id: Int32) -> String { strings[Int(id)] }

    /// The bytes of an id, for comparisons against the payload.
    func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let entry = entries[Int(id)]
        return body(UnsafeBufferPointer(start: arena + entry.offset, count: entry.length))
    }

    /// A String of UTF-8 bytes, nil when they are not valid UTF-8. ASCII (all names and
    /// nearly all label values) takes the non-generic decoding path, which cannot fail.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return "" }
        var combined: UInt64 = 0
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            combined |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(base[index])
            index += 1
        }
        if combined & 0x8080_8080_8080_8080 == 0 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether `stored` starts with exactly the bytes of `bytes` (compared 8 bytes at a time).
    @inline(__always) private static func equal(
        _ stored: UnsafeMutablePointer<UInt8>,
        _ bytes: UnsafeBufferPointer<UInt8>
    )
        -> Bool
    {
        guard let base = bytes.baseAddress else { return true }
        let left = UnsafeRawPointer(stored)
        let right = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            {
                return false
            }
            index += 8
        }
        while index < bytes.count {
            if stored[index] != base[index] { return false }
            index += 1
        }
        return true
    }

    private func grow() {
        let newCount = slotCount * 2
        let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: newCount)
        newSlots.initialize(repeating: -1, count: newCount)
        let mask = newCount - 1
        for id in 0..<strings.count {
            var slot = Int(truncatingIfNeeded: entries[id].hash) & mask
            while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(truncatingIfNeeded: id)
        }
        slots.deallocate()
        slots = newSlots
        slotCount = newCount
        // Entries stay below half the slots, so they fit in half of the new slot count.
        let newEntries = UnsafeMutablePointer<Entry>.allocate(capacity: newCount / 2)
        newEntries.update(from: entries, count: strings.count)
        entries.deallocate()
        entries = newEntries
        entryCapacity = newCount / 2
    }

    /// A 64-bit multiplicative hash over 8-byte words; quality is enough for a per-parse table.
    @inline(__always) static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(base[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        return hash ^ (hash >> 32)
    }
}
