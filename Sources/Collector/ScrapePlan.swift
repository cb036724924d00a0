import Exposition

/// What a full parse of a target's page taught about its layout, so that later pages with the same
/// layout are read by their values alone.
///
/// A server's page has the same lines in the same order from one poll to the next; only the numbers
/// change (some servers also reorder their families). The plan keeps the page's blocks
/// (`PageReading`: a family's lines, hashed without values), the raw series each sample line
/// feeds (`RawLayout`), and the few families the target's adapter actually reads (looked up during
/// the full parse) with the line each of their samples came from. A later page made of the same
/// blocks, in any order, skips parsing, indexing and series lookup: its values are read into the
/// raw series by position, and only the adapter's families are rebuilt. Any other difference (a
/// new series, a new family, a changed help text) takes the full parse again, which makes a new
/// plan. Blocks are matched by a 64-bit hash of their bytes.
public final class ScrapePlan: Sendable {
    /// Where each block's values start in this plan's value order, and how many it has, by hash.
    private let blocks: [UInt64: (start: Int, count: Int)]
    private let valueCount: Int
    let raw: RawLayout
    /// The families the adapter read, as parsed; their values are replaced on each reuse.
    private let adapterFamilies: [MetricFamily]
    /// For each adapter family, each sample's position in a page's values.
    private let adapterOrdinals: [[Int]]
    /// The adapter's histogram families, grouped once: labels and bounds kept, counts, `_sum`
    /// and `_count` read from these positions.
    private let histograms: [String: [HistogramTemplate]]

    /// The adapter's canonical samples as formulas over this plan's value positions, when every
    /// sample it produced on the full parse was made by a recorded lookup and replays to the same
    /// value; nil: run the adapter on the rebuilt families instead.
    private let canonical: [(sample: CanonicalSample, formula: CanonicalFormula)]?
    /// Gauges the adapter found without a finite value (it fell back to another or left it out).
    private let absentGauges: [[Int]]
    /// Position of `process_start_time_seconds`, for restart detection without an index.
    private let processStart: Int?
    /// Families in the page, for messages.
    let familyCount: Int

    private struct HistogramTemplate: Sendable {
        var series: HistogramSeries
        var buckets: [Int]
        var sum: Int?
        var count: Int?
    }

    /// A plan from a full parse of `page`; nil when the parse and the page reading disagree on which
    /// lines are samples (then every poll parses in full, as without a plan).
    ///
    /// `canonical`: what the adapter produced on `index` (a recording index); `keepFamilies`:
    /// whether later polls need the families themselves (an adapter that reads its identity from
    /// the metrics), not only the canonical values.
    init?(
        page: PageReading,
        index: FamilyIndex,
        raw: RawLayout,
        canonical produced: [CanonicalSample]? = nil,
        keepFamilies: Bool = true
    ) {
        let ordinals = page.positionsByLine()
        var parsedLines = 0
        for family in index.families { parsedLines += family.samples.count }
        guard parsedLines == page.sampleLines.count else { return nil }
        let families = index.familiesLookedUp()
        var familyOrdinals: [[Int]] = []
        for family in families {
            var positions: [Int] = []
            for sample in family.samples {
                guard let position = ordinals[sample.line] else { return nil }
                positions.append(position)
            }
            familyOrdinals.append(positions)
        }
        var blocks: [UInt64: (start: Int, count: Int)] = [:]
        for block in page.blocks {
            // Two blocks with the same bytes cannot be told apart by position.
            guard blocks.updateValue((block.firstSample, block.sampleCount), forKey: block.hash) == nil else {
                return nil
            }
        }
        self.blocks = blocks
        var templates: [String: [HistogramTemplate]] = [:]
        for family in families where family.type == .histogram {
            var grouped: [HistogramTemplate] = []
            for series in index.histogramSeries(of: family) {
                let buckets = series.bucketLines.compactMap { ordinals[$0] }
                guard buckets.count == series.bucketLines.count else { return nil }
                grouped.append(
                    HistogramTemplate(
                        series: series,
                        buckets: buckets,
                        sum: series.sumLine.flatMap { ordinals[$0] },
                        count: series.countLine.flatMap { ordinals[$0] }
                    )
                )
            }
            templates[family.name] = grouped
        }
        valueCount = page.values.count
        self.raw = raw
        familyCount = index.families.count
        processStart = index.samples("process_start_time_seconds").first.flatMap { ordinals[$0.line] }
        let replay = produced.flatMap { Self.formulas(for: $0, index.formulas, ordinals, page.values) }
        canonical = replay?.formulas
        absentGauges = replay?.absent ?? []
        let dropFamilies = replay != nil && !keepFamilies
        histograms = dropFamilies ? [:] : templates
        adapterFamilies = dropFamilies ? [] : families
        adapterOrdinals = dropFamilies ? [] : familyOrdinals
    }

    /// The recorded formula of each of `produced`, mapped to value positions, when all of them
    /// are found and replay to exactly the produced values.
    private static func formulas(
        for produced: [CanonicalSample],
        _ log: FormulaLog?,
        _ ordinals: [Int: Int],
        _ values: [Double]
    ) -> (formulas: [(sample: CanonicalSample, formula: CanonicalFormula)], absent: [[Int]])? {
        guard let (entries, absentLines) = log?.contents() else { return nil }
        var formulas: [(sample: CanonicalSample, formula: CanonicalFormula)] = []
        var next = 0
        for sample in produced {
            let match =
                entries[next...].firstIndex { $0.sample.sameValue(as: sample) }
                ?? entries.firstIndex { $0.sample.sameValue(as: sample) }
            guard let match, let formula = entries[match].formula.mapped({ ordinals[$0] }),
                let value = formula.value(values),
                CanonicalSample(metric: sample.metric, labels: sample.labels, source: sample.source, value: value)
                    .sameValue(as: sample)
            else { return nil }
            formulas.append((sample, formula))
            next = match + 1
        }
        var absent: [[Int]] = []
        for lines in absentLines {
            guard let positions = CanonicalFormula.all(lines, { ordinals[$0] }) else { return nil }
            absent.append(positions)
        }
        return (formulas, absent)
    }

    /// The adapter's canonical samples for `values`, replayed; nil when this plan has no formulas
    /// or the adapter would decide differently on these values (a gauge it used has no finite
    /// value, or one it found empty has one now): then the page is parsed in full.
    func canonicalSamples(_ values: [Double]) -> [CanonicalSample]? {
        guard let canonical else { return nil }
        for positions in absentGauges where positions.contains(where: { values[$0].isFinite }) { return nil }
        var samples: [CanonicalSample] = []
        samples.reserveCapacity(canonical.count)
        for (sample, formula) in canonical {
            guard let value = formula.value(values) else { return nil }
            var replayed = sample
            replayed.value = value
            samples.append(replayed)
        }
        return samples
    }

    /// Whether `canonicalSamples` can stand in for the adapter, and the families are not kept.
    var replaysWithoutFamilies: Bool { canonical != nil && adapterFamilies.isEmpty }

    /// `process_start_time_seconds` in `values`, when the page has it.
    func processStartTime(_ values: [Double]) -> Double? {
        processStart.map { values[$0] }
    }

    /// `page`'s values in this plan's order, when the page is made of this plan's blocks (in any
    /// order); nil otherwise.
    func values(of page: PageReading) -> [Double]? {
        guard page.blocks.count == blocks.count, page.values.count == valueCount else { return nil }
        var inOrder = true
        for block in page.blocks {
            guard let known = blocks[block.hash], known.count == block.sampleCount else { return nil }
            inOrder = inOrder && known.start == block.firstSample
        }
        // Most servers keep their order: the page's values are then the plan's, without a copy.
        if inOrder { return page.values }
        var ordered = [Double](repeating: 0, count: valueCount)
        for block in page.blocks {
            guard let known = blocks[block.hash] else { return nil }
            for offset in 0..<block.sampleCount {
                ordered[known.start + offset] = page.values[block.firstSample + offset]
            }
        }
        return ordered
    }

    /// The adapter's families with `values` (in this plan's order), indexed.
    func adapterIndex(_ values: [Double]) -> FamilyIndex {
        var families = adapterFamilies
        for (family, positions) in zip(families.indices, adapterOrdinals) {
            for (sample, position) in zip(families[family].samples.indices, positions) {
                families[family].samples[sample].value = values[position]
            }
        }
        var grouped: [String: [HistogramSeries]] = [:]
        for (name, templates) in histograms {
            grouped[name] = templates.map { template in
                var series = template.series
                series.cumulativeCounts = template.buckets.map { values[$0] }
                series.sum = template.sum.map { values[$0] }
                series.count = template.count.map { values[$0] }
                return series
            }
        }
        return FamilyIndex(families, histograms: grouped)
    }
}
