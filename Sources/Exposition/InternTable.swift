/// Deduplicates the byte strings of one parse so each distinct name or label value becomes
/// one `String`, created (and UTF-8 validated) once.
///
/// Open addressing with linear probing over a power-of-two slot array; the bytes live in one
/// arena so a lookup costs a hash and a compare, no allocation.
struct InternTable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var offsets: [Int] = []
    private var lengths: [Int] = []
    private var arena: [UInt8] = []
    /// The interned strings, indexed by id.
    private(set) var strings: [String] = []

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
    }

    var count: Int { strings.count }

    /// The id of these bytes, adding them when new; nil when they are not valid UTF-8.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash && matches(Int(id), bytes) { return id }
            slot = (slot + 1) & mask
        }
        guard let string = String(validating: bytes, as: UTF8.self) else { return nil }
        let id = Int32(truncatingIfNeeded: strings.count)
        strings.append(string)
        hashes.append(hash)
        offsets.append(arena.count)
        lengths.append(bytes.count)
        arena.append(contentsOf: bytes)
        slots[slot] = id
        if strings.count * 2 > slots.count { grow() }
        return id
    }

    /// The string of an id returned by `intern`.
    subscript(id: Int32) -> String { strings[Int(id)] }

    /// The bytes of an id, for comparisons against the payload.
    func withBytes<R>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let offset = offsets[Int(id)]
        let length = lengths[Int(id)]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<offset + length])) }
    }

    private func matches(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = lengths[id]
        guard length == bytes.count else { return false }
        let offset = offsets[id]
        return arena.withUnsafeBufferPointer { stored in
            var index = 0
            while index < length {
                if stored[offset + index] != bytes[index] { return false }
                index += 1
            }
            return true
        }
    }

    private mutating func grow() {
        var newSlots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = newSlots.count - 1
        for id in 0..<strings.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while newSlots[slot] >= 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(truncatingIfNeeded: id)
        }
        slots = newSlots
    }

    /// A 64-bit multiplicative hash over 8-byte words; quality is enough for a per-parse table.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
            index += 1
        }
        return hash ^ (hash >> 32)
    }
}
