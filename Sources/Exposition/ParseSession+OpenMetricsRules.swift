/// The per-sample rules of OpenMetrics 1.0: values per type, exemplar placement, contiguous
/// label sets, and timestamps that never go back within a series.
extension ParseSession {
    mutating func checkOpenMetrics(
        familyIndex: Int,
        suffix: SampleSuffix,
        nameID: Int32,
        value: Double,
        bound: Double?,
        timestamp: Double?,
        hasExemplar: Bool,
        at start: Int
    ) throws(ExpositionError) {
        let family = families[familyIndex]
        let type = family.type
        if let problem = Self.valueProblem(type: type, suffix: suffix, value: value) {
            throw failure("\(problem) (\(type.rawValue) \(quoted(strings[nameID])))", at: start)
        }
        if hasExemplar && !Self.allowsExemplar(type: type, suffix: suffix) {
            throw failure(
                "exemplars are allowed only on counter _total and histogram _bucket samples",
                at: start
            )
        }

        // The label set identifying the series group, without the per-sample label.
        var excluded: Int32 = -1
        if suffix == .bucket {
            excluded = leID
        } else if type == .summary && suffix == .none {
            excluded = quantileID
        } else if type == .stateset {
            guard let stateID = currentLabels.first(where: { strings[$0.name] == family.name })?.name else {
                throw failure("stateset sample needs a label named after its family \(quoted(family.name))", at: start)
            }
            excluded = stateID
        }
        let key = currentLabels.filter { $0.name != excluded }.sorted { $0.name < $1.name }
            .flatMap { [$0.name, $0.value] }
        if key != openMetrics.groupKey {
            if let previousKey = openMetrics.groupKey {
                try finishGroup(familyIndex: familyIndex)
                openMetrics.finishedGroups.insert(previousKey)
            }
            guard !openMetrics.finishedGroups.contains(key) else {
                throw failure("samples of one label set must be contiguous; this label set appeared earlier", at: start)
            }
            openMetrics.groupKey = key
        }

        if openMetrics.previousNameID == nameID && openMetrics.previousLabels == currentLabels {
            switch (openMetrics.previousTimestamp, timestamp) {
            case (nil, nil): break
            case (let before?, let now?) where now >= before: break
            case (.some, .some): throw failure("timestamps of a series must not go backwards", at: start)
            default: throw failure("a series must have timestamps on all samples or on none", at: start)
            }
        }
        openMetrics.previousNameID = nameID
        openMetrics.previousLabels = currentLabels
        openMetrics.previousTimestamp = timestamp

        if type == .histogram || type == .gaugehistogram {
            var group = openMetrics.group
            switch suffix {
            case .bucket:
                group.bounds.append(bound ?? .nan)
                group.counts.append(value)
            case .count, .gcount: group.count = value
            case .sum, .gsum: group.sum = value
            default: break
            }
            group.hasSamples = group.hasSamples || suffix != .created
            group.lastLine = lineNumber
            openMetrics.group = group
        }
    }

    /// Checks the histogram label set that just ended.
    mutating func finishGroup(familyIndex: Int) throws(ExpositionError) {
        let type = families[familyIndex].type
        let group = openMetrics.group
        openMetrics.group = HistogramGroupCheck()
        guard type == .histogram || type == .gaugehistogram,
            let problem = group.violation(isGaugeHistogram: type == .gaugehistogram)
        else { return }
        throw ExpositionError(line: group.lastLine, column: 1, message: problem)
    }

    /// Why `value` is not allowed for this part of a family, or nil.
    private static func valueProblem(type: MetricType, suffix: SampleSuffix, value: Double) -> String? {
        switch (type, suffix) {
        case (.counter, .total), (.histogram, .bucket), (.histogram, .count), (.gaugehistogram, .bucket),
            (.gaugehistogram, .gcount), (.summary, .count), (.summary, .sum):
            return value.isNaN || value < 0 ? "value must be a non-negative number, not \(value)" : nil
        case (.histogram, .sum), (.gaugehistogram, .gsum):
            return value.isNaN ? "sum must not be NaN" : nil
        case (.summary, .none):
            return value < 0 ? "quantile value must not be negative" : nil
        case (.info, .info):
            return value == 1 ? nil : "info value must be 1"
        case (.stateset, .none):
            return value == 0 || value == 1 ? nil : "stateset value must be 0 or 1"
        default:
            return nil
        }
    }

    private static func allowsExemplar(type: MetricType, suffix: SampleSuffix) -> Bool {
        switch (type, suffix) {
        case (.counter, .total), (.histogram, .bucket), (.gaugehistogram, .bucket): true
        default: false
        }
    }
}
