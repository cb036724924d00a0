import Exposition
import Store

/// The raw series of one scrape, one value per series key (a series exposed twice keeps the last).
struct RawSeries {
    enum Reading {
        case counter(Double)
        case gauge(Double)
        case histogram(upperBounds: [Double], cumulativeCounts: [Double], count: Double, sum: Double)
    }

    var key: SeriesKey
    var reading: Reading

    static func collect(_ index: FamilyIndex, target: String) -> [RawSeries] {
        let families = index.families
        let names = Set(families.map(\.name))
        var values: [SeriesKey: Reading] = [:]
        var order: [SeriesKey] = []
        func put(_ name: String, _ labels: [Label], _ kind: SeriesKind, _ bounds: [Double], _ reading: Reading) {
            let key = SeriesKey(
                target: target,
                name: name,
                labels: LabelText.make(labels),
                kind: kind,
                bucketBounds: bounds
            )
            if values.updateValue(reading, forKey: key) == nil { order.append(key) }
        }
        for family in families where !isCreatedTimestamp(family, names: names) {
            switch family.type {
            case .counter:
                for sample in family.samples where !sample.name.hasSuffix("_created") && !sample.value.isNaN {
                    put(sample.name, sample.labels, .counter, [], .counter(sample.value))
                }
            case .histogram:
                for series in index.histograms(family.name) {
                    guard
                        case .histogram(let bounds, let counts, let count, let sum)? =
                            CanonicalHistogram.make(series, scale: 1)
                    else { continue }
                    put(
                        family.name,
                        series.labels,
                        .histogram,
                        bounds,
                        .histogram(upperBounds: bounds, cumulativeCounts: counts, count: count, sum: sum)
                    )
                }
            case .summary:
                for sample in family.samples where sample.value.isFinite && !sample.name.hasSuffix("_created") {
                    let cumulative = sample.name.hasSuffix("_sum") || sample.name.hasSuffix("_count")
                    put(
                        sample.name,
                        sample.labels,
                        cumulative ? .counter : .gauge,
                        [],
                        cumulative ? .counter(sample.value) : .gauge(sample.value)
                    )
                }
            default:
                for sample in family.samples where sample.value.isFinite {
                    put(sample.name, sample.labels, .gauge, [], .gauge(sample.value))
                }
            }
        }
        return order.compactMap { key in values[key].map { RawSeries(key: key, reading: $0) } }
    }

    /// `prometheus_client` 0.0.4 output puts each counter's and histogram's creation time in a
    /// separate `<name>_created` gauge family: metadata, not a series worth storing.
    static func isCreatedTimestamp(_ family: MetricFamily, names: Set<String>) -> Bool {
        guard family.type == .gauge, family.name.hasSuffix("_created") else { return false }
        let base = String(family.name.dropLast("_created".count))
        return names.contains(base) || names.contains(base + "_total")
    }
}
