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

    private struct HistogramTemplate: Sendable {
        var series: HistogramSeries
        var buckets: [Int]
        var sum: Int?
        var count: Int?
    }

    /// A plan from a full parse of `page`; nil when the parse and the page reading disagree on which
    /// lines are samples (then every poll parses in full, as without a plan).
    init?(page: PageReading, index: FamilyIndex, raw: RawLayout) {
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
            for series in family.histogramSeries() {
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
        histograms = templates
        valueCount = page.values.count
        self.raw = raw
        adapterFamilies = families
        adapterOrdinals = familyOrdinals
    }

    /// `page`'s values in this plan's order, when the page is made of this plan's blocks (in any
    /// order); nil otherwise.
    func values(of page: PageReading) -> [Double]? {
        guard page.blocks.count == blocks.count, page.values.count == valueCount else { return nil }
        var ordered = [Double](repeating: 0, count: valueCount)
        var seen = 0
        for block in page.blocks {
            guard let known = blocks[block.hash], known.count == block.sampleCount else { return nil }
            for offset in 0..<block.sampleCount {
                ordered[known.start + offset] = page.values[block.firstSample + offset]
            }
            seen += 1
        }
        return seen == blocks.count ? ordered : nil
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
