import Exposition
import Store
import Synchronization
import Vocabulary

/// One scrape's families, indexed by family and sample name, with the lookups adapters share.
///
/// Counters are found by sample name so both spellings work: 0.0.4 types the full name
/// (`# TYPE x_total counter`), OpenMetrics types the base (`# TYPE x counter`, sample `x_total`).
public struct FamilyIndex: Sendable {
    public let families: [MetricFamily]
    private let familiesByName: [String: MetricFamily]
    /// Names looked up through this index, when it records them (see `ScrapePlan`).
    let lookups: LookupLog?
    /// How each canonical sample made through this index was computed, when it records lookups.
    let formulas: FormulaLog?
    private let groupedHistograms: [String: [HistogramSeries]]?
    /// Histograms grouped so far, by their family's first sample line (unique in a page): the
    /// adapter, the raw layout and the plan each ask for the same families on a full parse (a
    /// recording index); nil on the indexes made on every poll.
    private let groupedOnce: HistogramMemo?

    /// `recordingLookups`: remember which families and sample names are asked for, so a later
    /// scrape with the same layout can rebuild just those.
    ///
    /// Only the families are indexed here; samples and histograms are found when asked for, so
    /// an index costs little for the many families nobody asks about.
    public init(_ families: [MetricFamily], recordingLookups: Bool = false) {
        self.init(families, histograms: nil, recordingLookups: recordingLookups)
    }

    /// `histograms`: the classic histograms of some families, already grouped (a `ScrapePlan`
    /// fills the previous grouping with new values instead of grouping the lines again).
    init(_ families: [MetricFamily], histograms: [String: [HistogramSeries]]?, recordingLookups: Bool = false) {
        groupedHistograms = histograms
        lookups = recordingLookups ? LookupLog() : nil
        formulas = recordingLookups ? FormulaLog() : nil
        groupedOnce = recordingLookups ? HistogramMemo() : nil
        self.families = families
        var byName: [String: MetricFamily] = [:]
        byName.reserveCapacity(families.count)
        for family in families where byName[family.name] == nil {
            byName[family.name] = family
        }
        familiesByName = byName
    }

    public var isEmpty: Bool { families.isEmpty }

    /// Whether any family name starts with `prefix`.
    public func hasFamily(prefixed prefix: String) -> Bool {
        families.contains { $0.name.hasPrefix(prefix) }
    }

    public func family(_ name: String) -> MetricFamily? {
        lookups?.family(name)
        return familiesByName[name]
    }

    /// Every sample with exactly this sample name. A sample belongs to the family of its own name
    /// or of its name without a type suffix (`_total`, `_bucket`, `_sum`, `_count`, …), in both
    /// formats, so only those families are searched.
    public func samples(_ name: String) -> [Sample] {
        lookups?.sample(name)
        var found: [Sample] = []
        for candidate in Self.familyNames(forSample: name) {
            guard let family = familiesByName[candidate] else { continue }
            for sample in family.samples where sample.name == name { found.append(sample) }
        }
        return found
    }

    /// The classic histograms of a family, or none when it is missing or not a histogram.
    public func histograms(_ name: String) -> [HistogramSeries] {
        lookups?.family(name)
        if let grouped = groupedHistograms?[name] { return grouped }
        guard let family = familiesByName[name], family.type == .histogram else { return [] }
        return histogramSeries(of: family)
    }

    /// `family.histogramSeries()` for one of this index's families, grouped once per recording
    /// index and not recorded as a lookup.
    func histogramSeries(of family: MetricFamily) -> [HistogramSeries] {
        guard let groupedOnce, let line = family.samples.first?.line else { return family.histogramSeries() }
        return groupedOnce.series(line) { family.histogramSeries() }
    }

    private static let sampleSuffixes = [
        "_total", "_bucket", "_sum", "_count", "_created", "_gsum", "_gcount", "_info",
    ]

    /// The names a family holding a sample called `name` can have.
    static func familyNames(forSample name: String) -> [String] {
        var names = [name]
        for suffix in sampleSuffixes where name.hasSuffix(suffix) && name.count > suffix.count {
            names.append(String(name.dropLast(suffix.count)))
        }
        return names
    }

    /// The families any lookup so far could have read: asked for by name, or holding a sample
    /// name that was asked for. Empty when the index does not record lookups.
    func familiesLookedUp() -> [MetricFamily] {
        guard let (families, samples) = lookups?.names() else { return [] }
        return self.families.filter { family in
            families.contains(family.name) || family.samples.contains { samples.contains($0.name) }
        }
    }

    /// One cumulative counter sample per raw series, scaled (e.g. µs → s), labelled `labels`.
    public func counters(
        _ name: String,
        as metric: CanonicalMetric,
        labels: String = "",
        scale: Double = 1,
        where include: (Sample) -> Bool = { _ in true }
    ) -> [CanonicalSample] {
        samples(name).filter(include).map { sample in
            let canonical = CanonicalSample(
                metric: metric,
                labels: labels,
                source: sample.name + "{" + LabelText.make(sample.labels) + "}",
                value: .counter(sample.value * scale)
            )
            formulas?.record(canonical, .counter(sample.line, scale: scale))
            return canonical
        }
    }

    /// One cumulative histogram per raw label set, bounds and sum scaled into seconds.
    public func histogram(_ name: String, as metric: CanonicalMetric, scale: Double = 1) -> [CanonicalSample] {
        histograms(name).compactMap { series in
            guard let value = CanonicalHistogram.make(series, scale: scale),
                case .histogram(let bounds, _, _, _) = value
            else { return nil }
            let canonical = CanonicalSample(
                metric: metric,
                source: name + "{" + LabelText.make(series.labels) + "}",
                value: value
            )
            let appended = series.upperBounds.last != .infinity ? series.countLine.map { [$0] } ?? [] : []
            formulas?.record(
                canonical,
                .histogram(
                    upperBounds: bounds,
                    buckets: series.bucketLines + appended,
                    count: series.countLine,
                    sum: series.sumLine,
                    scale: scale
                )
            )
            return canonical
        }
    }

    /// The `_sum` of a histogram family as a cumulative counter (TGI exposes token totals only this way).
    public func histogramSum(_ name: String, as metric: CanonicalMetric) -> [CanonicalSample] {
        histograms(name).compactMap { series in
            guard let sum = series.sum else { return nil }
            let canonical = CanonicalSample(
                metric: metric,
                source: name + "_sum{" + LabelText.make(series.labels) + "}",
                value: .counter(sum)
            )
            if let line = series.sumLine { formulas?.record(canonical, .counter(line, scale: 1)) }
            return canonical
        }
    }

    /// The sum of every sample of a gauge across label sets, or nil when none is exported.
    public func gaugeSum(_ name: String, as metric: CanonicalMetric) -> CanonicalSample? {
        let found = samples(name)
        let values = found.map(\.value).filter(\.isFinite)
        guard !values.isEmpty else {
            formulas?.recordAbsent(found.map(\.line))
            return nil
        }
        let canonical = CanonicalSample(metric: metric, source: name, value: .gauge(values.reduce(0, +)))
        formulas?.record(canonical, .gaugeSum(found.map(\.line)))
        return canonical
    }

    /// The mean of a gauge across label sets (e.g. KV-cache use over data-parallel engines).
    public func gaugeMean(_ name: String, as metric: CanonicalMetric) -> CanonicalSample? {
        let found = samples(name)
        let values = found.map(\.value).filter(\.isFinite)
        guard !values.isEmpty else {
            formulas?.recordAbsent(found.map(\.line))
            return nil
        }
        let canonical = CanonicalSample(
            metric: metric,
            source: name,
            value: .gauge(values.reduce(0, +) / Double(values.count))
        )
        formulas?.record(canonical, .gaugeMean(found.map(\.line)))
        return canonical
    }
}

/// The family and sample names an index was asked for.
final class LookupLog: Sendable {
    private let state = Mutex((families: Set<String>(), samples: Set<String>()))

    func family(_ name: String) { _ = state.withLock { $0.families.insert(name) } }
    func sample(_ name: String) { _ = state.withLock { $0.samples.insert(name) } }
    func names() -> (families: Set<String>, samples: Set<String>) { state.withLock { $0 } }
}

/// Grouped histograms of one index, filled as they are asked for.
final class HistogramMemo: Sendable {
    private let grouped = Mutex<[Int: [HistogramSeries]]>([:])

    func series(_ key: Int, _ make: () -> [HistogramSeries]) -> [HistogramSeries] {
        if let known = grouped.withLock({ $0[key] }) { return known }
        let made = make()
        grouped.withLock { $0[key] = made }
        return made
    }
}
