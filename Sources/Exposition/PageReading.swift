#if canImport(Glibc)
import Glibc
#endif

/// A page's layout and values, read without parsing it: the page's blocks (a family's comment
/// lines and the sample lines after them) each hashed with the sample values left out, and the
/// values in line order.
///
/// A server's page keeps the same lines from one scrape to the next; only the numbers change, and
/// some servers change the order of the families. When a page's blocks are the previous page's
/// blocks, in any order, the previous parse still says what every line means, and only `values`
/// are new: a poller reads a page this way at a fraction of a full parse's cost, and parses it in
/// full only when the layout changes (a new series, a new family, a restart).
///
/// Lines with a timestamp or an exemplar after the value are not read this way (`read` returns
/// nil): their tails change on every scrape, and the servers this is for do not write them.
public struct PageReading: Sendable, Equatable {
    /// One family's lines: its comment lines and the sample lines that follow them.
    public struct Block: Sendable, Equatable {
        /// A 64-bit hash of the block's lines, sample values (and trailing blanks) left out.
        public var hash: UInt64
        /// The block's first sample line, as an index into `values`.
        public var firstSample: Int
        public var sampleCount: Int
    }

    /// The blocks in page order.
    public var blocks: [Block]
    /// The 1-based line number of each sample line (not a comment, not blank), in order.
    public var sampleLines: [Int]
    /// The value of each sample line, in the same order as `sampleLines`.
    public var values: [Double]

    /// Each sample line's position in `values`, by its line number.
    public func positionsByLine() -> [Int: Int] {
        var positions: [Int: Int] = [:]
        positions.reserveCapacity(sampleLines.count)
        for (position, line) in sampleLines.enumerated() { positions[line] = position }
        return positions
    }

    /// Whether `other` has exactly this layout: the same blocks in the same order.
    public func hasLayout(of other: PageReading) -> Bool {
        blocks == other.blocks
    }

    /// Reads `bytes`; nil when a sample line's value is not a number or is followed by anything
    /// but blanks (a timestamp, an exemplar). `withLines: false` leaves `sampleLines` empty, for a
    /// reader that only needs the blocks and values (matching a page against a known layout).
    public static func read(_ bytes: [UInt8], withLines: Bool = true) -> PageReading? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return PageReading(blocks: [], sampleLines: [], values: []) }
            return read(base, count: buffer.count, withLines: withLines)
        }
    }

    static func read(_ bytes: UnsafePointer<UInt8>, count: Int, withLines: Bool = true) -> PageReading? {
        var reading = PageReading(blocks: [], sampleLines: [], values: [])
        // Servers' sample lines are 40–120 bytes: room for most pages without regrowing.
        reading.values.reserveCapacity(count / 40 + 16)
        if withLines { reading.sampleLines.reserveCapacity(count / 40 + 16) }
        reading.blocks.reserveCapacity(count / 400 + 16)
        var block = Block(hash: offsetBasis, firstSample: 0, sampleCount: 0)
        var start = 0
        var line = 0
        while start < count {
            line += 1
            let end =
                memchr(bytes + start, Int32(ASCII.newline), count - start)
                .map { UnsafeRawPointer($0) - UnsafeRawPointer(bytes) } ?? count
            let samplesBefore = reading.values.count
            guard let hash = reading.add(bytes, start, end, line: withLines ? line : nil) else { return nil }
            let isSample = reading.values.count > samplesBefore
            if !isSample && block.sampleCount > 0 && bytes[min(start, count - 1)] == ASCII.hash {
                reading.blocks.append(block)
                block = Block(hash: offsetBasis, firstSample: reading.values.count, sampleCount: 0)
            }
            block.hash = (block.hash ^ hash) &* 0x9E37_79B9_7F4A_7C15
            block.hash ^= block.hash >> 31
            if isSample { block.sampleCount += 1 }
            start = end + 1
        }
        if block.sampleCount > 0 || block.hash != offsetBasis { reading.blocks.append(block) }
        return reading
    }

    /// Hashes one line and, for a sample line, records its value (and `line`, when given); nil when
    /// it cannot be read.
    private mutating func add(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line: Int?) -> UInt64? {
        var first = start
        while first < end && ASCII.isBlank(bytes[first]) { first += 1 }
        if first == end || bytes[first] == ASCII.hash {
            return Self.hash(bytes, start, end, seed: Self.offsetBasis)
        }
        guard let valueStart = Self.valueStart(bytes, first, end) else { return nil }
        var valueEnd = valueStart
        while valueEnd < end && !ASCII.isBlank(bytes[valueEnd]) && bytes[valueEnd] != 0x0D { valueEnd += 1 }
        var rest = valueEnd
        while rest < end && (ASCII.isBlank(bytes[rest]) || bytes[rest] == 0x0D) { rest += 1 }
        guard rest == end, let value = NumberScanner.double(bytes, valueStart, valueEnd) else { return nil }
        if let line { sampleLines.append(line) }
        values.append(value)
        return Self.hash(bytes, start, valueStart, seed: Self.sampleSeed)
    }

    /// Where the value starts: after the name, the label block (quotes and escapes respected)
    /// and the blanks that follow; nil when the line ends first.
    private static func valueStart(_ bytes: UnsafePointer<UInt8>, _ first: Int, _ end: Int) -> Int? {
        var index = first
        if bytes[index] == ASCII.openBrace {
            index = closingBrace(bytes, index, end) ?? end
        } else {
            let raw = UnsafeRawPointer(bytes)
            while index + 8 <= end {  // eight name bytes at a time while none ends the name
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if contains(word, ASCII.space) || contains(word, ASCII.tab) || contains(word, ASCII.openBrace) { break }
                index += 8
            }
            while index < end && !ASCII.isBlank(bytes[index]) && bytes[index] != ASCII.openBrace { index += 1 }
            if index < end && bytes[index] == ASCII.openBrace { index = closingBrace(bytes, index, end) ?? end }
        }
        while index < end && ASCII.isBlank(bytes[index]) { index += 1 }
        return index < end ? index : nil
    }

    /// The index just after the `}` closing the block that opens at `open`.
    private static func closingBrace(_ bytes: UnsafePointer<UInt8>, _ open: Int, _ end: Int) -> Int? {
        var index = open + 1
        var inQuotes = false
        let raw = UnsafeRawPointer(bytes)
        while index < end {
            if index + 8 <= end {
                // Skip eight bytes at a time when none of them is a quote, a backslash or a brace.
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if !contains(word, ASCII.quote) && !contains(word, ASCII.backslash) && !contains(word, ASCII.closeBrace)
                {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if inQuotes {
                if byte == ASCII.backslash {
                    index += 1
                } else if byte == ASCII.quote {
                    inQuotes = false
                }
            } else if byte == ASCII.quote {
                inQuotes = true
            } else if byte == ASCII.closeBrace {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// Whether any of the eight bytes of `word` is `byte` (the classic zero-byte test on
    /// `word ^ byte…byte`).
    @inline(__always) private static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let masked = word ^ (UInt64(byte) &* ones)
        return (masked &- ones) & ~masked & (ones << 7) != 0
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Keeps a sample line's key from hashing like a comment line with the same bytes.
    private static let sampleSeed: UInt64 = 0x5851_f42d_4c95_7f2d

    /// A 64-bit hash of `bytes[start..<end]`, eight bytes at a time (multiply and fold).
    private static func hash(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = seed ^ UInt64(end - start)
        var index = start
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= end {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* prime
            hash ^= hash >> 29
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* prime
        return hash ^ (hash >> 32)
    }
}
