import Exposition
import Store
import Synchronization
import Vocabulary

/// The raw series of one scrape and the sample lines each is read from, apart from the values.
///
/// Values live in a flat array with one entry per sample line of the page (its ordinal among the
/// page's sample lines), so a later page with the same layout (`PageReading`) is read into the same
/// series by position alone. Every family is stored under its own name with canonical label text;
/// counters by sample name, histograms by family name with bounds (+Inf appended from `_count`
/// when the server omits it), summaries as `_sum`/`_count` counters and quantile gauges,
/// everything else as gauges. `<name>_created` gauge families (creation timestamps that
/// `prometheus_client` writes beside counters and histograms) are left out; a series exposed
/// twice in one scrape keeps the last line.
struct RawLayout: Sendable {
    enum Shape: Sendable {
        case counter(Int)
        case gauge(Int)
        /// Bucket ordinals per bound (the `_count` line stands in for a missing +Inf bucket).
        case histogram(upperBounds: [Double], buckets: BucketPositions, sum: Int?, count: Int?)
    }

    /// Where a histogram's bucket values are: almost always consecutive sample lines, kept as a
    /// start and a count (a server with 100-bucket histograms would otherwise cost 800 bytes a
    /// series a target).
    enum BucketPositions: Sendable, Equatable {
        case run(first: Int, count: Int)
        case list([Int])

        init(_ positions: [Int]) {
            if let first = positions.first, positions.indices.allSatisfy({ positions[$0] == first + $0 }) {
                self = .run(first: first, count: positions.count)
            } else {
                self = .list(positions)
            }
        }

        /// The values at these positions, in order.
        func values(_ values: [Double]) -> [Double] {
            switch self {
            case .run(let first, let count): Array(values[first..<first + count])
            case .list(let positions): positions.map { values[$0] }
            }
        }
    }

    struct Entry: Sendable {
        var key: SeriesKey
        var shape: Shape
    }

    var entries: [Entry]
    /// Distinguishes layouts, so series ids resolved for one are reused while it holds.
    let generation: UInt64

    private static let generations = Atomic<UInt64>(0)

    /// The layout of `index`; `ordinal` maps a sample's page line to its position in the values.
    init(_ index: FamilyIndex, target: String, ordinal: (Int) -> Int?) {
        generation = Self.generations.add(1, ordering: .relaxed).newValue
        let families = index.families
        let names = Set(families.map(\.name))
        var position: [SeriesKey: Int] = [:]
        var entries: [Entry] = []
        func put(_ name: String, _ labels: [Label], _ kind: SeriesKind, _ bounds: [Double], _ shape: Shape) {
            let key = SeriesKey(
                target: target,
                name: name,
                labels: LabelText.make(labels),
                kind: kind,
                bucketBounds: bounds
            )
            if let existing = position[key] {
                entries[existing].shape = shape
            } else {
                position[key] = entries.count
                entries.append(Entry(key: key, shape: shape))
            }
        }
        for family in families where !Self.isCreatedTimestamp(family, names: names) {
            switch family.type {
            case .counter:
                for sample in family.samples where !sample.name.hasSuffix("_created") {
                    guard let at = ordinal(sample.line) else { continue }
                    put(sample.name, sample.labels, .counter, [], .counter(at))
                }
            case .histogram:
                for series in index.histogramSeries(of: family) {
                    guard let shape = Self.histogramShape(series, ordinal: ordinal),
                        case .histogram(let bounds, _, _, _) = shape
                    else { continue }
                    put(family.name, series.labels, .histogram, bounds, shape)
                }
            case .summary:
                for sample in family.samples where !sample.name.hasSuffix("_created") {
                    guard let at = ordinal(sample.line) else { continue }
                    let cumulative = sample.name.hasSuffix("_sum") || sample.name.hasSuffix("_count")
                    put(
                        sample.name,
                        sample.labels,
                        cumulative ? .counter : .gauge,
                        [],
                        cumulative ? .counter(at) : .gauge(at)
                    )
                }
            default:
                for sample in family.samples {
                    guard let at = ordinal(sample.line) else { continue }
                    put(sample.name, sample.labels, .gauge, [], .gauge(at))
                }
            }
        }
        self.entries = entries
    }

    /// The layout of `index` with values taken from its own samples, for a scrape read without a
    /// page layout: ordinals follow the samples' page lines.
    static func withValues(of index: FamilyIndex, target: String) -> (layout: RawLayout, values: [Double]) {
        var lines: [(line: Int, value: Double)] = []
        for family in index.families {
            for sample in family.samples { lines.append((sample.line, sample.value)) }
        }
        lines.sort { $0.line < $1.line }
        if lines.first?.line == 0 || zip(lines, lines.dropFirst()).contains(where: { $0.line == $1.line }) {
            // Families built in code rather than read from a page: number the samples in order.
            var line = 0
            let numbered = index.families.map { family in
                var family = family
                for position in family.samples.indices {
                    line += 1
                    family.samples[position].line = line
                }
                return family
            }
            return withValues(of: FamilyIndex(numbered), target: target)
        }
        var ordinals: [Int: Int] = [:]
        for (position, entry) in lines.enumerated() { ordinals[entry.line] = position }
        let layout = RawLayout(index, target: target) { ordinals[$0] }
        return (layout, lines.map(\.value))
    }

    /// The reading of `entry` from `values`; nil for a NaN or infinite counter or gauge.
    func reading(_ entry: Entry, _ values: [Double]) -> RawSeries.Reading? {
        switch entry.shape {
        case .counter(let at):
            let value = values[at]
            return value.isNaN ? nil : .counter(value)
        case .gauge(let at):
            let value = values[at]
            return value.isFinite ? .gauge(value) : nil
        case .histogram(let bounds, let buckets, let sum, let count):
            let counts = buckets.values(values)
            let total = count.map { values[$0] } ?? counts[counts.count - 1]
            return .histogram(
                upperBounds: bounds,
                cumulativeCounts: counts,
                count: total,
                sum: sum.map { values[$0] } ?? 0
            )
        }
    }

    /// Bounds and bucket ordinals as `CanonicalHistogram.make` shapes them (scale 1); nil when it
    /// would give no histogram.
    private static func histogramShape(_ series: HistogramSeries, ordinal: (Int) -> Int?) -> Shape? {
        var bounds = series.upperBounds
        var buckets: [Int] = []
        for line in series.bucketLines {
            guard let at = ordinal(line) else { return nil }
            buckets.append(at)
        }
        guard !bounds.isEmpty, bounds.count == buckets.count else { return nil }
        let count = series.countLine.flatMap(ordinal)
        if bounds.last != .infinity {
            guard let count else { return nil }
            bounds.append(.infinity)
            buckets.append(count)
        }
        return .histogram(
            upperBounds: SharedBounds.shared(bounds),
            buckets: BucketPositions(buckets),
            sum: series.sumLine.flatMap(ordinal),
            count: count
        )
    }

    /// `prometheus_client` 0.0.4 output puts each counter's and histogram's creation time in a
    /// separate `<name>_created` gauge family: metadata, not a series worth storing.
    static func isCreatedTimestamp(_ family: MetricFamily, names: Set<String>) -> Bool {
        guard family.type == .gauge, family.name.hasSuffix("_created") else { return false }
        let base = String(family.name.dropLast("_created".count))
        return names.contains(base) || names.contains(base + "_total")
    }
}
