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
        var order: [[Label]] = []
        var buckets: [[Label]: [Double: Double]] = [:]
        var sums: [[Label]: Double] = [:]
        var counts: [[Label]: Double] = [:]
        for sample in samples {
            let isBucket = sample.name == bucketName
            guard isBucket || sample.name == sumName || sample.name == countName else { continue }
            let key = sample.labels.filter { $0.name != "le" }.sorted { $0.name < $1.name }
            if buckets[key] == nil {
                buckets[key] = [:]
                order.append(key)
            }
            if isBucket {
                guard let text = sample.label("le"), let bound = Self.bound(text) else { continue }
                buckets[key]?[bound] = sample.value
            } else if sample.name == sumName {
                sums[key] = sample.value
            } else {
                counts[key] = sample.value
            }
        }
        return order.map { key in
            let sorted = (buckets[key] ?? [:]).sorted { $0.key < $1.key }
            return HistogramSeries(
                labels: key,
                upperBounds: sorted.map(\.key),
                cumulativeCounts: sorted.map(\.value),
                sum: sums[key],
                count: counts[key]
            )
        }
    }

    private static func bound(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            guard let value = NumberScanner.double(base, 0, buffer.count), !value.isNaN else { return nil }
            return value
        }
    }
}
