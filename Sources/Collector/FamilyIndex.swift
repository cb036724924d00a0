import Exposition
import Store

/// One scrape's families, indexed by family and sample name, with the lookups adapters share.
///
/// Counters are found by sample name so both spellings work: 0.0.4 types the full name
/// (`# TYPE x_total counter`), OpenMetrics types the base (`# TYPE x counter`, sample `x_total`).
public struct FamilyIndex: Sendable {
    public let families: [MetricFamily]
    private let familiesByName: [String: MetricFamily]
    private let samplesByName: [String: [Sample]]
    /// Classic histograms of every `histogram` family, grouped once: adapters and the raw series
    /// both read them.
    private let histogramsByName: [String: [HistogramSeries]]

    public init(_ families: [MetricFamily]) {
        self.families = families
        var byName: [String: MetricFamily] = [:]
        var samples: [String: [Sample]] = [:]
        var histograms: [String: [HistogramSeries]] = [:]
        for family in families {
            byName[family.name] = family
            for sample in family.samples {
                samples[sample.name, default: []].append(sample)
            }
            if family.type == .histogram { histograms[family.name] = family.histogramSeries() }
        }
        familiesByName = byName
        samplesByName = samples
        histogramsByName = histograms
    }

    public var isEmpty: Bool { families.isEmpty }

    /// Whether any family name starts with `prefix`.
    public func hasFamily(prefixed prefix: String) -> Bool {
        families.contains { $0.name.hasPrefix(prefix) }
    }

    public func family(_ name: String) -> MetricFamily? { familiesByName[name] }

    /// Every sample with exactly this sample name, across families.
    public func samples(_ name: String) -> [Sample] { samplesByName[name] ?? [] }

    /// The classic histograms of a family, or none when it is missing or not a histogram.
    public func histograms(_ name: String) -> [HistogramSeries] {
        histogramsByName[name] ?? []
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
            CanonicalSample(
                metric: metric,
                labels: labels,
                source: sample.name + "{" + LabelText.make(sample.labels) + "}",
                value: .counter(sample.value * scale)
            )
        }
    }

    /// One cumulative histogram per raw label set, bounds and sum scaled into seconds.
    public func histogram(_ name: String, as metric: CanonicalMetric, scale: Double = 1) -> [CanonicalSample] {
        histograms(name).compactMap { series in
            guard let value = CanonicalHistogram.make(series, scale: scale) else { return nil }
            return CanonicalSample(
                metric: metric,
                source: name + "{" + LabelText.make(series.labels) + "}",
                value: value
            )
        }
    }

    /// The `_sum` of a histogram family as a cumulative counter (TGI exposes token totals only this way).
    public func histogramSum(_ name: String, as metric: CanonicalMetric) -> [CanonicalSample] {
        histograms(name).compactMap { series in
            guard let sum = series.sum else { return nil }
            return CanonicalSample(
                metric: metric,
                source: name + "_sum{" + LabelText.make(series.labels) + "}",
                value: .counter(sum)
            )
        }
    }

    /// The sum of every sample of a gauge across label sets, or nil when none is exported.
    public func gaugeSum(_ name: String, as metric: CanonicalMetric) -> CanonicalSample? {
        let values = samples(name).map(\.value).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        return CanonicalSample(metric: metric, source: name, value: .gauge(values.reduce(0, +)))
    }

    /// The mean of a gauge across label sets (e.g. KV-cache use over data-parallel engines).
    public func gaugeMean(_ name: String, as metric: CanonicalMetric) -> CanonicalSample? {
        let values = samples(name).map(\.value).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        return CanonicalSample(
            metric: metric,
            source: name,
            value: .gauge(values.reduce(0, +) / Double(values.count))
        )
    }
}
