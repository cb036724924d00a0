/// Sample lines: `name{labels} value [timestamp] [# exemplar]`.
extension ParseSession {
    mutating func parseSample(_ start: Int, _ end: Int) throws(ExpositionError) {
        var index = start
        var nameID: Int32?
        var nameStart = start
        if ASCII.isMetricNameStart(bytes[index]) {
            (index, nameID) = scanName(start, end)
        } else if bytes[index] != ASCII.openBrace {
            throw failure(
                "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) at the start of a sample line",
                at: index
            )
        }
        let nameEnd = index
        if !isOpenMetrics { skipBlanks(&index, end) }
        currentLabels = []
        labelScratch.removeAll(keepingCapacity: true)
        var hasLabels = false
        var labels: [Label] = []
        if index < end && bytes[index] == ASCII.openBrace {
            hasLabels = true
            nameStart = index
            labels = try labelBlock(&index, end, metricName: &nameID)
        }
        guard let nameID else { throw failure("sample has no metric name", at: nameStart) }

        // Separator before the value.
        if isOpenMetrics {
            guard index < end && bytes[index] == ASCII.space else {
                throw failure("expected one space before the value", at: index)
            }
            index += 1
        } else {
            skipBlanks(&index, end)
            if !hasLabels && index == nameEnd && index < end {
                throw failure("expected a blank between the metric name and the value", at: index)
            }
        }
        let valueStart = index
        while index < end && !isSeparator(bytes[index]) { index += 1 }
        guard valueStart < index else { throw failure("missing sample value", at: valueStart) }
        guard let value = NumberScanner.double(bytes, valueStart, index) else {
            throw failure("value is not a number (expected a float, NaN, +Inf or -Inf)", at: valueStart)
        }

        var timestamp: Double?
        var timestampMilliseconds: Int64?
        var hasExemplar = false
        if isOpenMetrics {
            if index < end {
                index += 1  // the single space checked by isSeparator
                if index < end && bytes[index] == ASCII.hash {
                    try parseExemplar(&index, end)
                    hasExemplar = true
                } else {
                    let stampStart = index
                    while index < end && bytes[index] != ASCII.space { index += 1 }
                    guard let seconds = NumberScanner.double(bytes, stampStart, index, allowSpecial: false) else {
                        throw failure("timestamp is not a finite number of seconds", at: stampStart)
                    }
                    timestamp = seconds
                    timestampMilliseconds = Self.milliseconds(fromSeconds: seconds)
                    if index < end {
                        index += 1
                        guard index < end && bytes[index] == ASCII.hash else {
                            throw failure("unexpected text after the timestamp", at: index)
                        }
                        try parseExemplar(&index, end)
                        hasExemplar = true
                    }
                }
            }
        } else {
            skipBlanks(&index, end)
            if index < end && bytes[index] != ASCII.hash {
                let stampStart = index
                while index < end && !ASCII.isBlank(bytes[index]) { index += 1 }
                guard let milliseconds = NumberScanner.int64(bytes, stampStart, index) else {
                    throw failure("timestamp must be an integer number of milliseconds", at: stampStart)
                }
                timestampMilliseconds = milliseconds
                timestamp = Double(milliseconds) / 1000
                skipBlanks(&index, end)
            }
            if index < end {
                guard bytes[index] == ASCII.hash else {
                    throw failure("unexpected text after the sample (only value and timestamp allowed)", at: index)
                }
                try parseExemplar(&index, end)
                hasExemplar = true
            }
        }
        try attachSample(
            nameID: nameID,
            labels: labels,
            value: value,
            timestamp: timestamp,
            timestampMilliseconds: timestampMilliseconds,
            hasExemplar: hasExemplar,
            lineStart: start
        )
    }

    /// The labels of the block opening at `index` (their ids left in `currentLabels`), from the block
    /// cache when the same bytes were parsed before; moves `index` past the `}`.
    private mutating func labelBlock(
        _ index: inout Int,
        _ end: Int,
        metricName: inout Int32?
    ) throws(ExpositionError)
        -> [Label]
    {
        let open = index
        let close = LabelBlockCache.closingBrace(bytes, open, end)
        var hash: UInt64 = 0
        if let close {
            hash = InternTable.hash(slice(open, close + 1))
            if let id = labelBlocks.find(bytes, open, close + 1 - open, hash: hash) {
                let block = labelBlocks.blocks[id]
                currentLabels = block.refs
                index = close + 1
                return block.labels
            }
        }
        let nameBefore = metricName
        try parseLabels(&index, end, metricName: &metricName, exemplar: false)
        currentLabels = labelScratch
        var labels: [Label] = []
        labels.reserveCapacity(labelScratch.count)
        for pair in labelScratch { labels.append(Label(name: strings[pair.name], value: strings[pair.value])) }
        if let close, index == close + 1, nameBefore != nil || metricName == nil {
            labelBlocks.insert(bytes, open, close + 1 - open, hash: hash, refs: labelScratch, labels: labels)
        }
        return labels
    }

    /// Whether `byte` ends a value or timestamp token in the current format.
    @inline(__always) private func isSeparator(_ byte: UInt8) -> Bool {
        isOpenMetrics ? byte == ASCII.space : ASCII.isBlank(byte)
    }

    @inline(__always) func skipBlanks(_ index: inout Int, _ end: Int) {
        while index < end && ASCII.isBlank(bytes[index]) { index += 1 }
    }

    /// Seconds to milliseconds, rounded to nearest and saturated to the Int64 range.
    static func milliseconds(fromSeconds seconds: Double) -> Int64 {
        let milliseconds = (seconds * 1000).rounded()
        if milliseconds >= 9.223_372_036_854_775e18 { return .max }
        if milliseconds <= -9.223_372_036_854_775e18 { return .min }
        return Int64(milliseconds)
    }

    /// Parses `{…}` starting at `index` (which points at `{`) into `labelScratch`; a quoted
    /// entry without `=` is the metric name (UTF-8 name syntax). Exemplar labels are checked
    /// and counted but not kept.
    mutating func parseLabels(
        _ index: inout Int,
        _ end: Int,
        metricName: inout Int32?,
        exemplar: Bool
    ) throws(ExpositionError) {
        index += 1
        var afterComma = false
        var exemplarCodePoints = 0
        while true {
            if !isOpenMetrics { skipBlanks(&index, end) }
            guard index < end else { throw failure("label set is not closed with '}'", at: index) }
            if bytes[index] == ASCII.closeBrace {
                if afterComma && isOpenMetrics {
                    throw failure("trailing comma in label set (not allowed in OpenMetrics)", at: index - 1)
                }
                index += 1
                break
            }
            let nameStart = index
            let nameBytes: UnsafeBufferPointer<UInt8>
            var isQuoted = false
            if bytes[index] == ASCII.quote {
                isQuoted = true
                let valueEnd = try scanQuoted(&index, end, what: "quoted name")
                nameBytes = try unescaped(nameStart + 1, valueEnd)
            } else {
                guard ASCII.isLabelNameStart(bytes[index]) else {
                    throw failure("expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)", at: index)
                }
                while index < end && ASCII.isLabelNameByte(bytes[index]) { index += 1 }
                nameBytes = slice(nameStart, index)
            }
            if isQuoted && nameBytes.isEmpty { throw failure("empty quoted name", at: nameStart) }
            let nameCodePoints = Self.codePoints(nameBytes)
            guard let labelNameID = strings.intern(nameBytes) else {
                throw failure("name is not valid UTF-8", at: nameStart)
            }
            if !isOpenMetrics { skipBlanks(&index, end) }
            if isQuoted && !exemplar && index < end
                && (bytes[index] == ASCII.comma || bytes[index] == ASCII.closeBrace)
            {
                guard metricName == nil else {
                    throw failure("metric name given twice (before the braces and quoted inside)", at: nameStart)
                }
                metricName = labelNameID
            } else {
                guard index < end && bytes[index] == ASCII.equals else {
                    throw failure("expected '=' after label name \(quoted(strings[labelNameID]))", at: index)
                }
                index += 1
                if !isOpenMetrics { skipBlanks(&index, end) }
                guard index < end && bytes[index] == ASCII.quote else {
                    throw failure("label value must be in double quotes", at: index)
                }
                let valueStart = index
                let valueEnd = try scanQuoted(&index, end, what: "label value")
                let valueBytes = try unescaped(valueStart + 1, valueEnd)
                if exemplar {
                    exemplarCodePoints += nameCodePoints + Self.codePoints(valueBytes)
                    guard String(validating: valueBytes, as: UTF8.self) != nil else {
                        throw failure("label value is not valid UTF-8", at: valueStart)
                    }
                } else {
                    guard let valueID = strings.intern(valueBytes) else {
                        throw failure("label value is not valid UTF-8", at: valueStart)
                    }
                    if labelNameID == reservedNameID {
                        throw failure("'__name__' cannot be given as a label", at: nameStart)
                    }
                    for existing in labelScratch where existing.name == labelNameID {
                        throw failure("duplicate label name \(quoted(strings[labelNameID]))", at: nameStart)
                    }
                    labelScratch.append(LabelRef(name: labelNameID, value: valueID))
                }
            }
            if !isOpenMetrics { skipBlanks(&index, end) }
            guard index < end else { throw failure("label set is not closed with '}'", at: index) }
            if bytes[index] == ASCII.comma {
                index += 1
                afterComma = true
                continue
            }
            afterComma = false
            if bytes[index] == ASCII.closeBrace { continue }
            // Prometheus' own lexer accepts pairs without commas; OpenMetrics does not.
            if !isOpenMetrics && (ASCII.isLabelNameStart(bytes[index]) || bytes[index] == ASCII.quote) { continue }
            throw failure("expected ',' or '}' after label value", at: index)
        }
        if exemplar && exemplarCodePoints > 128 {
            throw failure("exemplar labels exceed 128 UTF-8 code points (\(exemplarCodePoints))", at: index - 1)
        }
    }

    /// Moves `index` from an opening quote past the closing one; returns the index of the closing quote.
    private func scanQuoted(_ index: inout Int, _ end: Int, what: String) throws(ExpositionError) -> Int {
        let open = index
        let close = LabelBlockCache.closingQuote(bytes, open + 1, end)
        if close < end {
            index = close + 1
            return close
        }
        index = end
        throw failure("\(what) is not closed with '\"' before the end of the line", at: open)
    }

    /// The bytes between quotes with `\\`, `\"` and `\n` resolved. Other escapes: an error in
    /// Prometheus text (as prometheus/common), kept verbatim in OpenMetrics (as its suite).
    private mutating func unescaped(_ start: Int, _ end: Int) throws(ExpositionError) -> UnsafeBufferPointer<UInt8> {
        var index = start
        while index < end && bytes[index] != ASCII.backslash { index += 1 }
        if index == end { return slice(start, end) }
        reserveEscapeCapacity(end - start)
        var written = index - start
        escapeBuffer.baseAddress?.update(from: bytes + start, count: written)
        while index < end {
            let byte = bytes[index]
            guard byte == ASCII.backslash, index + 1 < end else {
                escapeBuffer[written] = byte
                written += 1
                index += 1
                continue
            }
            switch bytes[index + 1] {
            case ASCII.backslash, ASCII.quote:
                escapeBuffer[written] = bytes[index + 1]
            case 0x6E:
                escapeBuffer[written] = ASCII.newline
            default:
                guard isOpenMetrics else {
                    throw failure("invalid escape sequence; only \\\\, \\\" and \\n are allowed", at: index)
                }
                escapeBuffer[written] = ASCII.backslash
                written += 1
                escapeBuffer[written] = bytes[index + 1]
            }
            written += 1
            index += 2
        }
        return UnsafeBufferPointer(rebasing: escapeBuffer[0..<written])
    }

    /// Unicode code points in UTF-8 bytes: every byte that is not a continuation byte.
    static func codePoints(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var total = 0
        for byte in bytes where byte & 0xC0 != 0x80 { total += 1 }
        return total
    }

    /// Checks an exemplar ` # {labels} value [timestamp]` starting at `#`; it is not kept.
    private mutating func parseExemplar(_ index: inout Int, _ end: Int) throws(ExpositionError) {
        let hashIndex = index
        index += 1
        guard index + 1 < end && bytes[index] == ASCII.space && bytes[index + 1] == ASCII.openBrace else {
            throw failure("malformed exemplar; expected '# {labels} value [timestamp]'", at: hashIndex)
        }
        if isOpenMetrics && (hashIndex == 0 || bytes[hashIndex - 1] != ASCII.space) {
            throw failure("exemplar must be preceded by a space", at: hashIndex)
        }
        index += 1
        var ignoredName: Int32? = -1
        try parseLabels(&index, end, metricName: &ignoredName, exemplar: true)
        guard index < end && bytes[index] == ASCII.space else {
            throw failure("expected a space and the exemplar value after its labels", at: index)
        }
        index += 1
        let valueStart = index
        while index < end && bytes[index] != ASCII.space { index += 1 }
        guard NumberScanner.double(bytes, valueStart, index) != nil else {
            throw failure("exemplar value is not a number", at: valueStart)
        }
        guard index < end else { return }
        index += 1
        let stampStart = index
        while index < end && bytes[index] != ASCII.space { index += 1 }
        guard NumberScanner.double(bytes, stampStart, index, allowSpecial: false) != nil, index == end else {
            throw failure("exemplar timestamp must be a finite number of seconds ending the line", at: stampStart)
        }
    }
}
