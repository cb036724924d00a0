/// Classic histogram view of a family: one entry per label set (without `le`).
public struct HistogramSeries: Sendable {
    /// The label set, sorted by name, `le` removed.
    public var labels: [Label]
    /// Bucket upper bounds, ascending; +Inf last when the server exposes it.
    public var upperBounds: [Double]
    /// Cumulative counts, one per bound.
    public var cumulativeCounts: [Double]
    /// `_sum` (`_gsum` for gauge histograms), when exposed.
    public var sum: Double?
    /// `_count` (`_gcount` for gauge histograms), when exposed.
    public var count: Double?
    /// The page line of each bucket (`Sample.line`), one per bound.
    public var bucketLines: [Int] = []
    /// The page lines of `_sum` and `_count`, when exposed.
    public var sumLine: Int?
    public var countLine: Int?

    public init(
        labels: [Label],
        upperBounds: [Double],
        cumulativeCounts: [Double],
        sum: Double? = nil,
        count: Double? = nil
    ) {
        self.labels = labels
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.sum = sum
        self.count = count
    }
}

extension MetricFamily {
    /// The family's samples grouped into classic histograms: buckets by label set without
    /// `le`, bounds parsed as floats and sorted ascending, with `_sum` and `_count` attached.
    ///
    /// Works whatever the line order (servers write buckets, `_sum` and `_count` in different
    /// orders); a bucket whose `le` is not a number is skipped, and for a bound repeated in one
    /// label set the last count wins. Empty for families that have no histogram samples.
    public func histogramSeries() -> [HistogramSeries] {
        let isGauge = type == .gaugehistogram
        let bucketName = name + "_bucket"
        let sumName = name + (isGauge ? "_gsum" : "_sum")
        let countName = name + (isGauge ? "_gcount" : "_count")
        var groups: [Group] = []
        var groupOf: [[Label]: Int] = [:]
        // Servers write a label set's lines together, so most samples belong to the previous
        // sample's group: compared in place, without building a key.
        var previous: (labels: [Label], group: Int)?
        for sample in samples {
            let isBucket = sample.name == bucketName
            guard isBucket || sample.name == sumName || sample.name == countName else { continue }
            let group: Int
            if let previous, Self.sameIgnoringLE(previous.labels, sample.labels) {
                group = previous.group
            } else {
                let key = sample.labels.filter { $0.name != "le" }.sorted { $0.name < $1.name }
                if let known = groupOf[key] {
                    group = known
                } else {
                    group = groups.count
                    groupOf[key] = group
                    groups.append(Group(labels: key))
                }
            }
            previous = (sample.labels, group)
            if isBucket {
                guard let text = sample.label("le"), let bound = Self.bound(text) else { continue }
                groups[group].add(bound: bound, count: sample.value, line: sample.line)
            } else if sample.name == sumName {
                groups[group].sum = sample.value
                groups[group].sumLine = sample.line
            } else {
                groups[group].count = sample.value
                groups[group].countLine = sample.line
            }
        }
        return groups.map { $0.series() }
    }

    /// One label set's lines while they are being collected.
    private struct Group {
        var labels: [Label]
        var bounds: [Double] = []
        var counts: [Double] = []
        var lines: [Int] = []
        var sum: Double?
        var count: Double?
        var sumLine: Int?
        var countLine: Int?
        /// Whether bounds arrived strictly ascending so far (the usual case: no sort needed).
        var isAscending = true

        init(labels: [Label]) {
            self.labels = labels
        }

        mutating func add(bound: Double, count: Double, line: Int) {
            if let last = bounds.last, !(last < bound) { isAscending = false }
            bounds.append(bound)
            counts.append(count)
            lines.append(line)
        }

        /// Bounds sorted ascending; for a bound repeated in the label set, the last count wins.
        func series() -> HistogramSeries {
            var series = HistogramSeries(
                labels: labels,
                upperBounds: bounds,
                cumulativeCounts: counts,
                sum: sum,
                count: count
            )
            series.bucketLines = lines
            series.sumLine = sumLine
            series.countLine = countLine
            guard !isAscending else { return series }
            var latest: [Double: Int] = [:]
            for (position, bound) in bounds.enumerated() { latest[bound] = position }
            let order = latest.sorted { $0.key < $1.key }.map(\.value)
            series.upperBounds = order.map { bounds[$0] }
            series.cumulativeCounts = order.map { counts[$0] }
            series.bucketLines = order.map { lines[$0] }
            return series
        }
    }

    /// Whether two label lists are the same once `le` is left out of both (same order assumed;
    /// a different order only costs the slower keyed lookup).
    private static func sameIgnoringLE(_ lhs: [Label], _ rhs: [Label]) -> Bool {
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        while true {
            var a = left.next()
            if a?.name == "le" { a = left.next() }
            var b = right.next()
            if b?.name == "le" { b = right.next() }
            guard let x = a else { return b == nil }
            guard let y = b, x == y else { return false }
        }
    }

    private static func bound(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            guard let value = NumberScanner.double(base, 0, buffer.count), !value.isNaN else { return nil }
            return value
        }
    }
}
