/// Remembers every `{…}` label block by its exact bytes, so a block seen before (the same
/// `{engine="0",model_name="…"}` on many lines, and on every scrape of a target) is neither
/// tokenised nor interned again and all its samples share one `[Label]` array.
///
/// A block's meaning depends only on its bytes and the format, so a byte-identical block
/// gives the same labels; only blocks that parsed without error and hold no quoted metric
/// name are stored. The label ids refer to the `InternTable` the blocks were parsed with, so
/// the two are kept (and dropped) together.
struct LabelBlockCache {
    /// One stored block: where its bytes are in `arena`, and what it parsed to.
    struct Block {
        var hash: UInt64
        var offset: Int
        var length: Int
        var refs: [LabelRef]
        var labels: [Label]
    }

    private var slots = [Int32](repeating: -1, count: 256)
    private(set) var blocks: [Block] = []
    /// The bytes of every stored block, back to back.
    private var arena: [UInt8] = []
    /// The format the blocks were parsed in (escapes and blanks differ between formats).
    let isOpenMetrics: Bool

    init(isOpenMetrics: Bool) {
        self.isOpenMetrics = isOpenMetrics
    }

    /// Bytes held, to bound the memory of a cache kept across parses.
    var byteCount: Int { arena.count }

    /// The index of the stored block equal to `payload[start..<start + length]`, if any.
    func find(_ payload: UnsafePointer<UInt8>, _ start: Int, _ length: Int, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBufferPointer { stored -> Int? in
            guard let base = stored.baseAddress else { return nil }
            while true {
                let id = Int(slots[slot])
                if id < 0 { return nil }
                let block = blocks[id]
                if block.hash == hash && block.length == length
                    && Self.equal(base + block.offset, payload + start, length)
                {
                    return id
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores the block `payload[start..<start + length]`, which is not stored yet.
    mutating func insert(
        _ payload: UnsafePointer<UInt8>,
        _ start: Int,
        _ length: Int,
        hash: UInt64,
        refs: [LabelRef],
        labels: [Label]
    ) {
        blocks.append(Block(hash: hash, offset: arena.count, length: length, refs: refs, labels: labels))
        arena.append(contentsOf: UnsafeBufferPointer(start: payload + start, count: length))
        if blocks.count * 2 >= slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for id in blocks.indices { place(id) }
        } else {
            place(blocks.count - 1)
        }
    }

    private mutating func place(_ id: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: blocks[id].hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: id)
    }

    /// Whether the `length` bytes at `left` and `right` are equal (8 bytes at a time).
    @inline(__always) static func equal(
        _ left: UnsafePointer<UInt8>,
        _ right: UnsafePointer<UInt8>,
        _ length: Int
    ) -> Bool {
        let leftRaw = UnsafeRawPointer(left)
        let rightRaw = UnsafeRawPointer(right)
        var index = 0
        while index + 8 <= length {
            if leftRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                != rightRaw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            {
                return false
            }
            index += 8
        }
        while index < length {
            if left[index] != right[index] { return false }
            index += 1
        }
        return true
    }

    /// The index of the `}` that closes the block opened at `open`, skipping quoted text the
    /// way the label parser does (a backslash escapes the next byte); nil when the line ends first.
    static func closingBrace(_ bytes: UnsafePointer<UInt8>, _ open: Int, _ end: Int) -> Int? {
        let raw = UnsafeRawPointer(bytes)
        var index = open + 1
        while true {
            // Outside quotes only `"` and `}` matter.
            while index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let found = zeroBytes(word ^ 0x2222_2222_2222_2222) | zeroBytes(word ^ 0x7D7D_7D7D_7D7D_7D7D)
                if found != 0 {
                    index += found.trailingZeroBitCount / 8
                    break
                }
                index += 8
            }
            while index < end && bytes[index] != ASCII.quote && bytes[index] != ASCII.closeBrace { index += 1 }
            guard index < end else { return nil }
            if bytes[index] == ASCII.closeBrace { return index }
            index = closingQuote(bytes, index + 1, end) + 1
        }
    }

    /// The high bit of every byte of `word` that may be zero; the lowest flagged byte is
    /// always a real zero byte.
    @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// The index of the first unescaped `"` at or after `start` (a backslash escapes the next
    /// byte), or `end` when there is none; looks at 8 bytes at a time.
    @inline(__always) static func closingQuote(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let raw = UnsafeRawPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while true {
            while index + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quotes = word ^ 0x2222_2222_2222_2222
                let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                let found = ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes) & highs
                if found != 0 {
                    // The lowest flagged byte is always a real match.
                    index += found.trailingZeroBitCount / 8
                    break
                }
                index += 8
            }
            while index < end && bytes[index] != ASCII.quote && bytes[index] != ASCII.backslash { index += 1 }
            if index >= end { return end }
            if bytes[index] == ASCII.quote { return index }
            index += 2
        }
    }
}
