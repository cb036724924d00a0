/// Attaching samples to families, and the type rules both formats enforce.
extension ParseSession {
    mutating func attachSample(
        nameID: Int32,
        labels: [Label],
        value: Double,
        timestamp: Double?,
        timestampMilliseconds: Int64?,
        hasExemplar: Bool,
        lineStart start: Int
    ) throws(ExpositionError) {
        let familyIndex: Int
        let suffix: SampleSuffix
        if isOpenMetrics {
            (familyIndex, suffix) = try openMetricsFamily(forSampleNamed: nameID, at: start)
        } else {
            (familyIndex, suffix) = prometheusFamily(forSampleNamed: nameID)
        }
        let type = families[familyIndex].type
        let bound = try checkedBound(type: type, suffix: suffix, at: start)
        if isOpenMetrics {
            try checkOpenMetrics(
                familyIndex: familyIndex,
                suffix: suffix,
                nameID: nameID,
                value: value,
                bound: bound,
                timestamp: timestamp,
                hasExemplar: hasExemplar,
                at: start
            )
        }
        families[familyIndex].samples.append(
            Sample(
                name: strings[nameID],
                labels: labels,
                value: value,
                timestampMilliseconds: timestampMilliseconds,
                line: lineNumber
            )
        )
    }

    /// Prometheus text: `x_bucket`/`x_count`/`x_sum` belong to `x` when `x` is a histogram
    /// (or a summary, without `_bucket`); any other name is its own family. Cached per name.
    private mutating func prometheusFamily(forSampleNamed nameID: Int32) -> (Int, SampleSuffix) {
        let id = Int(nameID)
        if id < resolvedFamily.count && resolvedFamily[id] >= 0 {
            return (Int(resolvedFamily[id]), resolvedSuffix[id])
        }
        var resolved: (Int, SampleSuffix)?
        let strings = strings
        let match: (SampleSuffix, Int32?)? = strings.withBytes(of: nameID) { name in
            for suffix in [SampleSuffix.bucket, .count, .sum] {
                let ending = suffix.staticText
                let length = ending.utf8CodeUnitCount
                guard name.count > length, let base = name.baseAddress,
                    LabelBlockCache.equal(ending.utf8Start, base + (name.count - length), length)
                else { continue }
                return (suffix, strings.lookup(UnsafeBufferPointer(rebasing: name.dropLast(length))))
            }
            return nil
        }
        if let (suffix, baseID) = match, let baseID, let index = existingFamilyIndex(nameID: baseID) {
            let type = families[index].type
            if type == .histogram || (type == .summary && suffix != .bucket) { resolved = (index, suffix) }
        }
        let result = resolved ?? (familyIndex(nameID: nameID), .none)
        while resolvedFamily.count < strings.count {
            resolvedFamily.append(-1)
            resolvedSuffix.append(.none)
        }
        resolvedFamily[id] = Int32(truncatingIfNeeded: result.0)
        resolvedSuffix[id] = result.1
        return result
    }

    /// The parsed `le` of a histogram bucket or `quantile` of a summary sample; both must be
    /// present and numeric (as prometheus/common and OpenMetrics require).
    private mutating func checkedBound(
        type: MetricType,
        suffix: SampleSuffix,
        at start: Int
    )
        throws(ExpositionError) -> Double?
    {
        let labelID: Int32
        switch (type, suffix) {
        case (.histogram, .bucket), (.gaugehistogram, .bucket): labelID = leID
        case (.summary, .none): labelID = quantileID
        default: return nil
        }
        var found: LabelRef?
        for pair in currentLabels where pair.name == labelID {
            found = pair
            break
        }
        guard let pair = found else {
            throw failure("\(type.rawValue) sample without the '\(strings[labelID])' label", at: start)
        }
        let bound: Double
        if Int(pair.value) < boundByValueID.count, let cached = boundByValueID[Int(pair.value)] {
            bound = cached
        } else {
            let labelName = strings[labelID]
            let parsed = strings.withBytes(of: pair.value) { text in
                text.baseAddress.flatMap { NumberScanner.double($0, 0, text.count) }
            }
            guard let parsed else {
                throw failure("\(labelName)=\(quoted(strings[pair.value])) is not a number", at: start)
            }
            while boundByValueID.count <= Int(pair.value) { boundByValueID.append(nil) }
            boundByValueID[Int(pair.value)] = parsed
            bound = parsed
        }
        if isOpenMetrics {
            if labelID == leID && (bound.isNaN || (bound == .infinity && strings[pair.value] != "+Inf")) {
                throw failure("le=\(quoted(strings[pair.value])) is not allowed; write the upper bound +Inf", at: start)
            }
            if labelID == quantileID && !(bound >= 0 && bound <= 1) {
                throw failure("quantile=\(quoted(strings[pair.value])) must be between 0 and 1", at: start)
            }
        }
        return bound
    }

    /// OpenMetrics: the family a sample belongs to, starting a new untyped family when the
    /// name is not one of the current family's sample names.
    private mutating func openMetricsFamily(
        forSampleNamed nameID: Int32,
        at start: Int
    )
        throws(ExpositionError) -> (Int, SampleSuffix)
    {
        if let current = openMetrics.current,
            let suffix = strings.withBytes(of: nameID, { families[current].openMetricsSuffix(of: $0) })
        {
            return (current, suffix)
        }
        let index = try startOpenMetricsFamily(named: strings[nameID], at: start)
        return (index, .none)
    }

    /// OpenMetrics: the family a metadata line names; metadata must precede its samples.
    mutating func openMetricsFamily(forMetadataNamed name: String, at start: Int) throws(ExpositionError) -> Int {
        if let current = openMetrics.current, families[current].name == name {
            guard families[current].samples.isEmpty else {
                throw failure("metadata for \(quoted(name)) after its samples; it must come first", at: start)
            }
            return current
        }
        return try startOpenMetricsFamily(named: name, at: start)
    }

    private mutating func startOpenMetricsFamily(named name: String, at start: Int) throws(ExpositionError) -> Int {
        try closeOpenMetricsFamily()
        guard !openMetrics.claimedNames.contains(name) else {
            throw failure(
                "\(quoted(name)) repeats or clashes with an earlier family; "
                    + "OpenMetrics families must be contiguous and their names distinct",
                at: start
            )
        }
        openMetrics.claimedNames.insert(name)
        families.append(FamilyBuilder(name: name))
        openMetrics.current = families.count - 1
        return families.count - 1
    }

    /// OpenMetrics: finishes the current family, reserving the sample names its type implies.
    mutating func closeOpenMetricsFamily() throws(ExpositionError) {
        guard let current = openMetrics.current else { return }
        try finishGroup(familyIndex: current)
        openMetrics.groupKey = nil
        openMetrics.finishedGroups.removeAll()
        openMetrics.previousNameID = -1
        openMetrics.current = nil
        let family = families[current]
        for suffix in SampleSuffix.openMetricsSuffixes(of: family.type) where suffix != .none {
            let name = family.name + suffix.text
            guard openMetrics.claimedNames.insert(name).inserted else {
                throw failure(
                    "family \(quoted(family.name)) (\(family.type.rawValue)) clashes with an earlier family "
                        + "named \(quoted(name))",
                    at: lineStart
                )
            }
        }
    }
}
