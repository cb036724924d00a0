import Config
import Exposition
import Foundation
import HTTP
import Store
import TestSupport
import Testing

@testable import Collector

/// A page read through a `ScrapePlan` must mean exactly what a full parse of it means.
struct ScrapePlanTests {
    static let fixtures: [(String, ServerKind)] = [
        ("vllm_metrics.prom", .vllm), ("tgi_metrics.prom", .tgi), ("llamacpp_metrics.prom", .llamacpp),
        ("triton_metrics.prom", .triton), ("sglang_metrics.prom", .sglang), ("litellm_metrics.prom", .litellm),
    ]

    @Test(arguments: fixtures)
    func pageWithNewValuesReadsLikeAFullParse(fixture: String, kind: ServerKind) throws {
        let first = [UInt8](try CollectorFixtures.metrics(fixture))
        let second = Self.newValues(first)
        let adapter = ServerAdapters.adapter(for: kind)
        let plan = try #require(Self.plan(first, adapter))
        let throughPlan = Self.read(second, plan: plan)
        let parsed = Self.read(second, plan: nil)
        #expect(throughPlan.plan != nil, "the plan did not fit a page that only has new values")
        #expect(throughPlan.problem == nil && parsed.problem == nil)
        // Every adapter but SGLang's (which subtracts aborted requests itself) is replayed.
        #expect((throughPlan.canonical != nil) == (kind != .sglang))
        #expect(Self.canonical(throughPlan, adapter) == adapter.canonicalSamples(parsed.index))
        #expect(!adapter.canonicalSamples(parsed.index).isEmpty)
        #expect(Self.rawSeries(throughPlan) == Self.rawSeries(parsed))
        #expect(Self.rawSeries(parsed).count > 3)
    }

    /// Some servers write their families in a different order on each scrape.
    @Test func reorderedFamiliesStillReadThroughThePlan() throws {
        let fixture = String(decoding: try CollectorFixtures.metrics("tgi_metrics.prom"), as: UTF8.self)
        // The fixture's own header comment is left out: it would travel with the first family.
        let body = try #require(fixture.range(of: "# HELP ")).lowerBound
        let first = Array(fixture[body...].utf8)
        let adapter = ServerAdapters.adapter(for: .tgi)
        let plan = try #require(Self.plan(first, adapter))
        let text = String(decoding: Self.newValues(first), as: UTF8.self)
        let families = text.components(separatedBy: "# HELP ").filter { !$0.isEmpty }.map { "# HELP " + $0 }
        #expect(families.count > 5)
        let reordered = Array(families.reversed().joined().utf8)
        #expect(reordered != Self.newValues(first))
        let throughPlan = Self.read(reordered, plan: plan)
        let parsed = Self.read(reordered, plan: nil)
        #expect(throughPlan.plan != nil && throughPlan.canonical != nil)
        #expect(Self.canonical(throughPlan, adapter) == adapter.canonicalSamples(parsed.index))
        #expect(Set(Self.rawSeries(throughPlan).map(\.key)) == Set(Self.rawSeries(parsed).map(\.key)))
        let byKey = Dictionary(Self.rawSeries(parsed).map { ($0.key, $0.reading) }, uniquingKeysWith: { $1 })
        for series in Self.rawSeries(throughPlan) { #expect(byKey[series.key] == series.reading) }
    }

    @Test func pageWithANewSeriesIsParsedInFull() throws {
        let first = [UInt8](try CollectorFixtures.metrics("vllm_metrics.prom"))
        let adapter = ServerAdapters.adapter(for: .vllm)
        let plan = try #require(Self.plan(first, adapter))
        let extra = "vllm:request_success_total{finished_reason=\"abort\",model_name=\"new-model\"} 7\n"
        let second = first + Array(extra.utf8)
        let reading = Self.read(second, plan: plan)
        #expect(reading.plan == nil)
        #expect(reading.page != nil)
        let aborts = Self.rawSeries(reading).filter { $0.key.labels.contains("new-model") }
        #expect(aborts.map(\.reading) == [.counter(7)])
    }

    /// vLLM's KV-cache gauge falls back to the older name when the newer one has no finite value:
    /// a page where that changes cannot be replayed and is parsed in full.
    @Test func gaugeThatGainsOrLosesAFiniteValueIsParsedInFull() throws {
        let adapter = ServerAdapters.adapter(for: .vllm)
        func page(_ newer: String, _ older: String) -> [UInt8] {
            Array(
                """
                # TYPE vllm:kv_cache_usage_perc gauge
                vllm:kv_cache_usage_perc{engine="0"} \(newer)
                # TYPE vllm:gpu_cache_usage_perc gauge
                vllm:gpu_cache_usage_perc{engine="0"} \(older)
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0"} 3

                """.utf8
            )
        }
        let kvCache = { (samples: [CanonicalSample]) in samples.first { $0.metric == .kvCacheUsage }?.value }
        let withNaN = try #require(Self.plan(page("NaN", "0.25"), adapter))
        let stillNaN = Self.read(page("NaN", "0.5"), plan: withNaN)
        #expect(stillNaN.canonical != nil)
        #expect(kvCache(Self.canonical(stillNaN, adapter)) == .gauge(0.5))
        let nowFinite = Self.read(page("0.75", "0.5"), plan: withNaN)
        #expect(nowFinite.plan == nil && nowFinite.canonical == nil)
        #expect(kvCache(Self.canonical(nowFinite, adapter)) == .gauge(0.75))
        let finite = try #require(Self.plan(page("0.75", "0.5"), adapter))
        let nowNaN = Self.read(page("NaN", "0.5"), plan: finite)
        #expect(nowNaN.plan == nil)
        #expect(kvCache(Self.canonical(nowNaN, adapter)) == .gauge(0.5))
        #expect(
            Self.canonical(nowNaN, adapter) == adapter.canonicalSamples(Self.read(page("NaN", "0.5"), plan: nil).index)
        )
    }

    /// Buckets are read as a run of consecutive lines; a histogram without a +Inf bucket takes its
    /// `_count` line instead, which is not next to them.
    @Test func histogramWithoutInfBucketReadsItsCountThroughThePlan() throws {
        let page = Array(
            """
            # TYPE lat histogram
            lat_bucket{le="0.5"} 3
            lat_bucket{le="1"} 5
            lat_sum 2.5
            lat_count 6
            # TYPE up gauge
            up 1

            """.utf8
        )
        let plan = try #require(Self.plan(page, ServerAdapters.adapter(for: .prometheus)))
        let reading = Self.read(Self.newValues(page), plan: plan)
        #expect(reading.plan != nil)
        #expect(Self.rawSeries(reading) == Self.rawSeries(Self.read(Self.newValues(page), plan: nil)))
        let latency = try #require(Self.rawSeries(reading).first { $0.key.name == "lat" })
        #expect(
            latency.reading
                == .histogram(upperBounds: [0.5, 1, .infinity], cumulativeCounts: [7, 11, 13], count: 13, sum: 6)
        )
        #expect(
            RawLayout.BucketPositions([4, 5, 6]) == .run(first: 4, count: 3)
                && RawLayout.BucketPositions([4, 5, 7]) == .list([4, 5, 7])
        )
    }

    @Test func quotedBracesSpacesAndEscapesInLabelValuesKeepTheLayout() throws {
        let page = #"m{path="/a b}",q="say \"hi\""} 1"# + "\n"
        let again = #"m{path="/a b}",q="say \"hi\""} 2.5"# + "\n"
        let other = #"m{path="/a c}",q="say \"hi\""} 2.5"# + "\n"
        let reading = try #require(PageReading.read(Array(page.utf8)))
        let later = try #require(PageReading.read(Array(again.utf8)))
        let changed = try #require(PageReading.read(Array(other.utf8)))
        #expect(reading.values == [1])
        #expect(later.values == [2.5])
        #expect(reading.hasLayout(of: later))
        #expect(!reading.hasLayout(of: changed))
    }

    @Test func timestampsAndExemplarsAreNotReadByLayout() {
        #expect(PageReading.read(Array("m 1 1700000000000\n".utf8)) == nil)
        #expect(PageReading.read(Array("m_total 1 # {trace=\"a\"} 1\n".utf8)) == nil)
        #expect(PageReading.read(Array("m not-a-number\n".utf8)) == nil)
    }

    // MARK: - Helpers

    /// A plan made the way the scraper makes one: full parse, adapter lookups, then the plan.
    static func plan(_ page: [UInt8], _ adapter: any ServerAdapter) -> ScrapePlan? {
        let reading = read(page, plan: nil)
        let canonical = adapter.canonicalSamples(reading.index)
        _ = adapter.identity(info: [:], index: reading.index)
        guard let pageReading = reading.page, let raw = reading.raw else { return nil }
        return ScrapePlan(
            page: pageReading,
            index: reading.index,
            raw: raw,
            canonical: canonical,
            keepFamilies: adapter.identityReadsMetrics
        )
    }

    /// What the scraper maps a reading to: the replayed samples, else the adapter on its families.
    static func canonical(_ reading: MetricsReading, _ adapter: any ServerAdapter) -> [CanonicalSample] {
        reading.canonical ?? adapter.canonicalSamples(reading.index)
    }

    static func read(_ page: [UInt8], plan: ScrapePlan?) -> MetricsReading {
        let response = HTTPResponse(status: 200, headers: [], body: page, duration: 0)
        return MetricsReading(.success(response), cap: 16 << 20, target: "t", plan: plan)
    }

    static func rawSeries(_ reading: MetricsReading) -> [RawSeries] {
        guard let layout = reading.raw else { return [] }
        return layout.entries.compactMap { entry in
            layout.reading(entry, reading.rawValues).map { RawSeries(key: entry.key, reading: $0) }
        }
    }

    /// The same page with every sample value changed (doubled plus one), lines and order kept.
    static func newValues(_ page: [UInt8]) -> [UInt8] {
        let lines = String(decoding: page, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let changed = lines.map { line -> String in
            guard !line.hasPrefix("#"), !line.isEmpty, let space = line.lastIndex(of: " "),
                let value = Double(line[line.index(after: space)...]), value.isFinite
            else { return String(line) }
            return line[..<space] + " " + String(value * 2 + 1)
        }
        return Array(changed.joined(separator: "\n").utf8)
    }
}
