/// A label pair by interned ids: what the hot path handles instead of Strings.
struct LabelRef: Equatable {
    var name: Int32
    var value: Int32
}

/// One parse of one payload: the cursor, the interned strings and the families built so far.
///
/// Lines are found by scanning for `\n` a word at a time; each line is tokenised in place and
/// only names and label values that are new to this parse become Strings.
struct ParseSession {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let isOpenMetrics: Bool

    let strings: InternTable
    var families: [FamilyBuilder] = []
    /// Prometheus text: family index by interned family-name id, -1 when there is none.
    var familyByNameID: [Int32] = []
    /// Prometheus text: resolved family index and suffix per sample-name id, -1 when unresolved.
    var resolvedFamily: [Int32] = []
    var resolvedSuffix: [SampleSuffix] = []
    /// Parsed `le`/`quantile` values by label-value id; nil when not parsed yet.
    var boundByValueID: [Double?] = []
    /// Where `parseLabels` collects the label ids of a block it tokenises.
    var labelScratch: [LabelRef] = []
    /// The label ids of the current sample line (shared with the block cache when it came from there).
    var currentLabels: [LabelRef] = []
    /// Label blocks already parsed, by their bytes.
    var labelBlocks: LabelBlockCache
    /// Where escaped quoted text is resolved; owned by the session, freed by `release()`.
    var escapeBuffer = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    /// Where the last bare name interned by `internName` is in the payload, and its id.
    var lastName: (start: Int, length: Int, id: Int32) = (0, -1, -1)

    var lineNumber = 0
    var lineStart = 0

    /// OpenMetrics: the family samples and metadata currently attach to, and the rules state.
    var openMetrics = OpenMetricsState()

    /// Interned ids of the label names with a meaning of their own.
    var leID: Int32 = -1
    var quantileID: Int32 = -1
    var reservedNameID: Int32 = -1

    /// A session over `bytes`; `strings` and `labelBlocks` may come from earlier parses (same
    /// format), so names and label blocks seen then are not converted again.
    init(
        bytes: UnsafePointer<UInt8>,
        count: Int,
        format: ExpositionFormat,
        strings: InternTable = InternTable(),
        labelBlocks: LabelBlockCache? = nil
    ) {
        self.bytes = bytes
        self.count = count
        self.isOpenMetrics = format == .openMetrics
        self.strings = strings
        self.labelBlocks = labelBlocks ?? LabelBlockCache(isOpenMetrics: format == .openMetrics)
        // Sized for the ids a reused table already holds, so they are not grown one by one.
        familyByNameID = Array(repeating: -1, count: strings.count + 64)
        resolvedFamily = Array(repeating: -1, count: strings.count + 64)
        resolvedSuffix = Array(repeating: .none, count: strings.count + 64)
        boundByValueID = Array(repeating: nil, count: strings.count + 64)
        leID = internLiteral("le")
        quantileID = internLiteral("quantile")
        reservedNameID = internLiteral("__name__")
    }

    private mutating func internLiteral(_ text: StaticString) -> Int32 {
        strings.intern(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) ?? -1
    }

    mutating func run() throws(ExpositionError) -> [MetricFamily] {
        var position = 0
        while position < count {
            lineNumber += 1
            lineStart = position
            let end = lineEnd(from: position)
            if openMetrics.sawEOF {
                throw failure("content after '# EOF'; OpenMetrics allows nothing after it", at: position)
            }
            try parseLine(position, end)
            position = end + 1
        }
        if isOpenMetrics {
            guard openMetrics.sawEOF else {
                lineNumber += 1
                lineStart = count
                throw failure("missing '# EOF'; an OpenMetrics payload must end with it (truncated?)", at: count)
            }
            try closeOpenMetricsFamily()
        }
        return families.map { $0.build() }
    }

    /// The index of the next `\n` at or after `start`, or `count`; reads 8 bytes at a time.
    private func lineEnd(from start: Int) -> Int {
        var index = start
        let raw = UnsafeRawPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ newlines
            if (word &- ones) & ~word & highs != 0 { break }
            index += 8
        }
        while index < count && bytes[index] != ASCII.newline { index += 1 }
        return index
    }

    private mutating func parseLine(_ start: Int, _ end: Int) throws(ExpositionError) {
        if isOpenMetrics {
            guard start < end else {
                throw failure("blank line; OpenMetrics does not allow empty lines", at: start)
            }
            if bytes[start] == ASCII.hash {
                try parseOpenMetricsComment(start, end)
            } else {
                try parseSample(start, end)
            }
            return
        }
        var index = start
        while index < end && ASCII.isBlank(bytes[index]) { index += 1 }
        guard index < end else { return }
        if bytes[index] == ASCII.hash {
            try parsePrometheusComment(index, end)
        } else {
            try parseSample(index, end)
        }
    }

    /// An error at byte `index` of the current line.
    func failure(_ message: String, at index: Int) -> ExpositionError {
        ExpositionError(line: lineNumber, column: max(1, min(index, count) - lineStart + 1), message: message)
    }

    /// The bytes `start..<end` of the payload, for interning and comparisons.
    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + start, count: end - start)
    }

    /// The id of the bare name `start..<end`. HELP, TYPE and sample lines usually repeat the
    /// previous line's name, which is then recognised by one compare instead of a hash lookup.
    /// Scans the bare metric name starting at `start` (whose first byte is a name start) and
    /// returns its end and id. When the payload repeats the previous name there, that is
    /// confirmed by one compare and a look at the byte after it, without classifying each byte.
    mutating func scanName(_ start: Int, _ end: Int) -> (end: Int, id: Int32?) {
        let length = lastName.length
        if length > 0 && start + length <= end
            && LabelBlockCache.equal(bytes + lastName.start, bytes + start, length)
            && (start + length == end || !ASCII.isMetricNameByte(bytes[start + length]))
        {
            return (start + length, lastName.id)
        }
        var index = start
        while index < end && ASCII.isMetricNameByte(bytes[index]) { index += 1 }
        return (index, internName(start, index))
    }

    mutating func internName(_ start: Int, _ end: Int) -> Int32? {
        let length = end - start
        if length == lastName.length && LabelBlockCache.equal(bytes + lastName.start, bytes + start, length) {
            return lastName.id
        }
        guard let id = strings.intern(slice(start, end)) else { return nil }
        lastName = (start, length, id)
        return id
    }

    /// Prometheus text: the family index for an interned name, creating an empty family when there is none.
    mutating func familyIndex(nameID: Int32) -> Int {
        let id = Int(nameID)
        if id < familyByNameID.count && familyByNameID[id] >= 0 { return Int(familyByNameID[id]) }
        while familyByNameID.count <= id { familyByNameID.append(-1) }
        families.append(FamilyBuilder(name: strings[nameID]))
        familyByNameID[id] = Int32(truncatingIfNeeded: families.count - 1)
        return families.count - 1
    }

    /// Prometheus text: the family index for an interned name, nil when there is none.
    func existingFamilyIndex(nameID: Int32) -> Int? {
        let id = Int(nameID)
        return id < familyByNameID.count && familyByNameID[id] >= 0 ? Int(familyByNameID[id]) : nil
    }

    /// Forgets the cached resolutions of `name_bucket`, `name_count` and `name_sum` once
    /// `name` became a histogram or summary, so those samples now join it.
    mutating func forgetResolutions(ofSuffixesOf nameID: Int32) {
        // Only names interned before can have a cached resolution.
        var full: [UInt8] = []
        strings.withBytes(of: nameID) { full.append(contentsOf: $0) }
        let baseLength = full.count
        for suffix in [SampleSuffix.bucket, .count, .sum] {
            full.removeSubrange(baseLength...)
            let ending = suffix.staticText
            full.append(contentsOf: UnsafeBufferPointer(start: ending.utf8Start, count: ending.utf8CodeUnitCount))
            let id = full.withUnsafeBufferPointer { strings.lookup($0) }
            if let id, Int(id) < resolvedFamily.count { resolvedFamily[Int(id)] = -1 }
        }
    }

    /// Makes `escapeBuffer` hold at least `capacity` bytes.
    mutating func reserveEscapeCapacity(_ capacity: Int) {
        guard escapeBuffer.count < capacity else { return }
        escapeBuffer.deallocate()
        escapeBuffer = .allocate(capacity: max(capacity, 256))
    }

    /// Frees the memory the session allocated itself.
    func release() {
        escapeBuffer.deallocate()
    }

    /// Text for a message: the name in quotes, shortened when very long.
    func quoted(_ text: String) -> String {
        text.utf8.count > 80 ? "'\(text.prefix(77))...'" : "'\(text)'"
    }
}
