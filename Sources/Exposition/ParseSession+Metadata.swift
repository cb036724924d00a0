/// Comment lines: `# HELP`, `# TYPE`, and in OpenMetrics `# UNIT` and `# EOF`.
extension ParseSession {
    /// Prometheus text 0.0.4: blanks may surround every token; comments other than HELP and
    /// TYPE are ignored.
    mutating func parsePrometheusComment(_ start: Int, _ end: Int) throws(ExpositionError) {
        var index = start + 1
        skipBlanks(&index, end)
        let keywordStart = index
        while index < end && !ASCII.isBlank(bytes[index]) { index += 1 }
        let keyword = slice(keywordStart, index)
        let isHelp = Self.isKeyword(keyword, 0x48, 0x45, 0x4C, 0x50)  // HELP
        guard isHelp || Self.isKeyword(keyword, 0x54, 0x59, 0x50, 0x45) else { return }  // TYPE
        skipBlanks(&index, end)
        guard index < end else { return }
        let nameStart = index
        let nameID = try metadataName(&index, end)
        let name = strings[nameID]
        if isHelp {
            skipBlanks(&index, end)
            let familyIndex = familyIndex(nameID: nameID)
            guard families[familyIndex].help == nil else {
                throw failure("second HELP line for \(quoted(name))", at: nameStart)
            }
            families[familyIndex].help = helpText(index, end)
            return
        }
        skipBlanks(&index, end)
        let typeStart = index
        while index < end && !ASCII.isBlank(bytes[index]) { index += 1 }
        let typeEnd = index
        skipBlanks(&index, end)
        guard index == end else { throw failure("unexpected text after the type", at: index) }
        let typeText = String(decoding: slice(typeStart, typeEnd), as: UTF8.self)
        let type: MetricType
        switch typeText {
        case "counter": type = .counter
        case "gauge": type = .gauge
        case "histogram": type = .histogram
        case "summary": type = .summary
        case "untyped": type = .unknown
        default:
            throw failure(
                "unknown type \(quoted(typeText)); expected counter, gauge, histogram, summary or untyped",
                at: typeStart
            )
        }
        let familyIndex = familyIndex(nameID: nameID)
        guard !families[familyIndex].hasType else {
            throw failure("second TYPE line for \(quoted(name))", at: nameStart)
        }
        guard families[familyIndex].samples.isEmpty else {
            throw failure("TYPE line for \(quoted(name)) after its samples; it must come first", at: nameStart)
        }
        families[familyIndex].type = type
        families[familyIndex].hasType = true
        if type == .histogram || type == .summary { forgetResolutions(ofSuffixesOf: nameID) }
    }

    /// OpenMetrics 1.0: exactly `# HELP name text`, `# TYPE name type`, `# UNIT name unit` or `# EOF`.
    mutating func parseOpenMetricsComment(_ start: Int, _ end: Int) throws(ExpositionError) {
        let line = slice(start, end)
        if line.elementsEqual("# EOF".utf8) {
            openMetrics.sawEOF = true
            if end + 1 < count {
                lineNumber += 1
                lineStart = end + 1
                throw failure("content after '# EOF'; OpenMetrics allows nothing after it", at: end + 1)
            }
            return
        }
        let keywords: [(String, OpenMetricsMetadata)] = [("# HELP ", .help), ("# TYPE ", .type), ("# UNIT ", .unit)]
        guard
            let match = keywords.first(where: { keyword in
                line.count >= keyword.0.utf8.count && line.prefix(keyword.0.utf8.count).elementsEqual(keyword.0.utf8)
            })
        else {
            throw failure(
                "unexpected comment; OpenMetrics allows only '# HELP', '# TYPE', '# UNIT' and '# EOF'",
                at: start
            )
        }
        let (prefix, kind) = match
        var index = start + prefix.utf8.count
        let nameStart = index
        guard index < end else { throw failure("missing metric name", at: index) }
        let nameID = try metadataName(&index, end)
        let name = strings[nameID]
        guard index < end && bytes[index] == ASCII.space else {
            throw failure("expected a space after the metric name", at: index)
        }
        index += 1
        let familyIndex = try openMetricsFamily(forMetadataNamed: name, at: nameStart)
        switch kind {
        case .help:
            guard families[familyIndex].help == nil else {
                throw failure("second HELP line for \(quoted(name))", at: nameStart)
            }
            families[familyIndex].help = helpText(index, end)
        case .type:
            let typeText = String(decoding: slice(index, end), as: UTF8.self)
            guard let type = MetricType(rawValue: typeText) else {
                throw failure(
                    "unknown type \(quoted(typeText)); expected counter, gauge, histogram, gaugehistogram, "
                        + "summary, info, stateset or unknown",
                    at: index
                )
            }
            guard !families[familyIndex].hasType else {
                throw failure("second TYPE line for \(quoted(name))", at: nameStart)
            }
            families[familyIndex].type = type
            families[familyIndex].hasType = true
        case .unit:
            guard families[familyIndex].unit == nil else {
                throw failure("second UNIT line for \(quoted(name))", at: nameStart)
            }
            let unitStart = index
            while index < end && ASCII.isMetricNameByte(bytes[index]) { index += 1 }
            guard index == end else { throw failure("unexpected character in unit", at: index) }
            let unit = String(decoding: slice(unitStart, end), as: UTF8.self)
            if !unit.isEmpty && !name.hasSuffix("_" + unit) {
                throw failure(
                    "unit \(quoted(unit)) must be the suffix of the family name \(quoted(name))",
                    at: unitStart
                )
            }
            families[familyIndex].unit = unit
        }
        let family = families[familyIndex]
        if let unit = family.unit, !unit.isEmpty, family.type == .info || family.type == .stateset {
            throw failure("a \(family.type.rawValue) family cannot have a unit", at: start)
        }
    }

    /// Whether `keyword` is exactly the four bytes given.
    @inline(__always) private static func isKeyword(
        _ keyword: UnsafeBufferPointer<UInt8>,
        _ first: UInt8,
        _ second: UInt8,
        _ third: UInt8,
        _ fourth: UInt8
    ) -> Bool {
        keyword.count == 4 && keyword[0] == first && keyword[1] == second && keyword[2] == third && keyword[3] == fourth
    }

    /// A metric name in a metadata line: bare (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or quoted UTF-8.
    private mutating func metadataName(_ index: inout Int, _ end: Int) throws(ExpositionError) -> Int32 {
        let start = index
        if bytes[index] == ASCII.quote {
            index += 1
            while index < end && bytes[index] != ASCII.quote {
                index += bytes[index] == ASCII.backslash ? 2 : 1
            }
            guard index < end else { throw failure("quoted name is not closed with '\"'", at: start) }
            index += 1
            let name = resolvedEscapes(start + 1, index - 1, resolvesQuote: true)
            guard let id = name.withUnsafeBufferPointer({ strings.intern($0) }) else {
                throw failure("quoted name is not valid UTF-8", at: start)
            }
            return id
        }
        guard ASCII.isMetricNameStart(bytes[index]) else {
            throw failure("expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)", at: index)
        }
        let (nameEnd, nameID) = scanName(start, end)
        index = nameEnd
        guard let id = nameID else {
            throw failure("metric name is not valid UTF-8", at: start)
        }
        return id
    }

    /// HELP text with `\\` and `\n` resolved (and `\"` in OpenMetrics); other backslashes stay.
    private func helpText(_ start: Int, _ end: Int) -> String {
        // Interned: a reused parser then creates each HELP String once, not on every scrape.
        if !slice(start, end).contains(ASCII.backslash) {
            if let id = strings.intern(slice(start, end)) { return strings[id] }
            return String(decoding: slice(start, end), as: UTF8.self)
        }
        return String(decoding: resolvedEscapes(start, end, resolvesQuote: isOpenMetrics), as: UTF8.self)
    }

    private func resolvedEscapes(_ start: Int, _ end: Int, resolvesQuote: Bool) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.backslash && index + 1 < end {
                let next = bytes[index + 1]
                if next == ASCII.backslash || (resolvesQuote && next == ASCII.quote) {
                    result.append(next)
                    index += 2
                    continue
                }
                if next == 0x6E {
                    result.append(ASCII.newline)
                    index += 2
                    continue
                }
            }
            result.append(byte)
            index += 1
        }
        return result
    }
}

/// The three OpenMetrics metadata lines that name a family.
enum OpenMetricsMetadata {
    case help, type, unit
}
