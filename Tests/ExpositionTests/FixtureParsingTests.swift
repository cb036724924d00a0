import Foundation
import TestSupport
import Testing

@testable import Exposition

/// The realistic `/metrics` pages in Tests/Fixtures, parsed as the collector would.
struct FixtureParsingTests {
    static let fixtureNames = [
        "vllm_metrics.prom", "sglang_metrics.prom", "litellm_metrics.prom", "tgi_metrics.prom",
        "llamacpp_metrics.prom", "triton_metrics.prom",
    ]

    static func families(_ fixture: String) throws -> [MetricFamily] {
        try ExpositionParser.parse(Array(TestPaths.fixture(fixture)), format: .prometheusText)
    }

    static func family(_ name: String, in families: [MetricFamily]) throws -> MetricFamily {
        try #require(families.first { $0.name == name }, "family \(name) missing")
    }

    @Test(arguments: fixtureNames)
    func everyFixtureParsesIntoTypedFamilies(fixture: String) throws {
        let families = try Self.families(fixture)
        #expect(families.count >= 5)
        let sampleLines = String(decoding: try TestPaths.fixture(fixture), as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(families.reduce(0) { $0 + $1.samples.count } == sampleLines.count)
        #expect(families.contains { $0.type != .unknown })
    }

    @Test func vllmIterationTokensTotalIsAHistogramNotACounter() throws {
        let families = try Self.families("vllm_metrics.prom")
        let iteration = try Self.family("vllm:iteration_tokens_total", in: families)
        #expect(iteration.type == .histogram)
        #expect(iteration.help == "Histogram of number of tokens per engine_step.")
        let series = iteration.histogramSeries()
        #expect(series.count == 1)
        let first = try #require(series.first)
        #expect(first.upperBounds.first == 1)
        #expect(first.upperBounds.last == .infinity)
        #expect(first.upperBounds == first.upperBounds.sorted())
        #expect(first.count == first.cumulativeCounts.last)
        #expect(first.sum != nil)
        #expect(first.labels.map(\.name) == ["engine", "model_name"])
        let created = try Self.family("vllm:iteration_tokens_total_created", in: families)
        #expect(created.type == .gauge)
    }

    @Test func vllmGaugesCountersAndCreatedSeriesKeepTheirValues() throws {
        let families = try Self.families("vllm_metrics.prom")
        let running = try Self.family("vllm:num_requests_running", in: families)
        #expect(running.type == .gauge)
        #expect(running.samples.first?.value == 12)
        #expect(running.samples.first?.label("model_name") == "meta-llama/Llama-3.1-8B-Instruct")
        let queries = try Self.family("vllm:prefix_cache_queries_total", in: families)
        #expect(queries.type == .counter)
        #expect(queries.samples.first?.value == 2_345_678)
        let created = try Self.family("vllm:prefix_cache_queries_created", in: families)
        #expect(created.samples.first?.value == 1.795_953_453_090_323_4e9)
    }

    @Test func tgiBlankLinesAndRustFloatBoundsParse() throws {
        let families = try Self.families("tgi_metrics.prom")
        let count = try Self.family("tgi_request_count", in: families)
        #expect(count.type == .counter)
        #expect(count.samples.first?.value == 5230)
        let failures = try Self.family("tgi_request_failure", in: families)
        #expect(failures.samples.map { $0.label("err") } == ["validation", "overloaded"])
        let text = String(decoding: try TestPaths.fixture("tgi_metrics.prom"), as: UTF8.self)
        let uglyBound = try #require(
            text.split(separator: "\n").first { $0.contains("le=\"0.00015000000000000001\"") },
            "fixture lost its Rust-formatted bound"
        )
        let histogramName = String(uglyBound.prefix { $0 != "{" }.dropLast("_bucket".count))
        let series = try Self.family(histogramName, in: families).histogramSeries()
        #expect(series.contains { $0.upperBounds.contains(0.000_150_000_000_000_000_01) })
        #expect(series.allSatisfy { $0.upperBounds == $0.upperBounds.sorted() && $0.upperBounds.last == .infinity })
    }

    @Test func llamacppSixDigitValuesParseAsFloats() throws {
        let families = try Self.families("llamacpp_metrics.prom")
        let prompt = try Self.family("llamacpp:prompt_tokens_total", in: families)
        #expect(prompt.type == .counter)
        #expect(prompt.samples.first?.value == 1_234_570)
    }

    @Test func tritonCountAndSumBeforeBucketsStillGroup() throws {
        let families = try Self.families("triton_metrics.prom")
        let first = try Self.family("nv_inference_first_response_histogram_ms", in: families)
        let series = try #require(first.histogramSeries().first)
        #expect(series.upperBounds == [100, 500, 2000, 5000, .infinity])
        #expect(series.cumulativeCounts == [8, 30, 36, 37, 37])
        #expect(series.count == 37)
        #expect(series.sum == 10771)
        let failures = try Self.family("nv_inference_request_failure", in: families)
        #expect(failures.samples.map { $0.label("reason") } == ["REJECTED", "CANCELED", "BACKEND", "OTHER"])
    }

    @Test func tritonStyleNanParses() throws {
        let text = """
            # HELP nv_gpu_power_usage GPU power usage in watts
            # TYPE nv_gpu_power_usage gauge
            nv_gpu_power_usage{gpu_uuid="GPU-1"} Nan

            """
        let family = try #require(try ExpositionParser.parse(text, format: .prometheusText).first)
        #expect(family.samples.first?.value.isNaN == true)
    }

    @Test func sglangMultiprocessSumBeforeBucketsGroups() throws {
        let families = try Self.families("sglang_metrics.prom")
        let histograms = families.filter { $0.type == .histogram }
        #expect(!histograms.isEmpty)
        for family in histograms {
            for series in family.histogramSeries() {
                #expect(series.upperBounds.last == .infinity, "\(family.name)")
                #expect(series.count == series.cumulativeCounts.last, "\(family.name)")
                #expect(series.sum != nil, "\(family.name)")
            }
        }
        #expect(families.contains { family in family.samples.contains { $0.label("pid") != nil } })
    }

    @Test func litellmEmptyLabelValuesAreKept() throws {
        let families = try Self.families("litellm_metrics.prom")
        let hasEmpty = families.contains { family in family.samples.contains { $0.labels.contains { $0.value.isEmpty } }
        }
        #expect(hasEmpty)
    }

    /// The same registry answered under three Accept headers: two OpenMetrics bodies
    /// (colon names kept, then rewritten to underscores) and one 0.0.4 body.
    @Test func negotiatedAnswersParseInTheirAdvertisedFormat() throws {
        let text = String(decoding: try TestPaths.fixture("vllm_accept_negotiation.txt"), as: UTF8.self)
        var bodies: [(format: ExpositionFormat, text: String)] = []
        var current: (format: ExpositionFormat, lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("######## -> Content-Type:") {
                if let current { bodies.append((current.format, current.lines.joined(separator: "\n") + "\n")) }
                current = (ExpositionFormat(contentType: String(line.dropFirst("######## -> Content-Type:".count))), [])
            } else if line.hasPrefix("########") {
                if let current { bodies.append((current.format, current.lines.joined(separator: "\n") + "\n")) }
                current = nil
            } else if current != nil && !(current?.lines.last == "# EOF") {
                current?.lines.append(line)
            }
        }
        if let current { bodies.append((current.format, current.lines.joined(separator: "\n"))) }
        #expect(bodies.map(\.format) == [.openMetrics, .openMetrics, .prometheusText])
        let parsed = try bodies.map { body in try ExpositionParser.parse(body.text, format: body.format) }
        let utf8Names = parsed[0].flatMap(\.samples).map(\.name)
        #expect(utf8Names.contains("vllm:prompt_tokens_total"))
        let counter = try Self.family("vllm:prompt_tokens", in: parsed[0])
        #expect(counter.type == .counter)
        #expect(counter.samples.map(\.name) == ["vllm:prompt_tokens_total", "vllm:prompt_tokens_created"])
        let underscored = parsed[1].flatMap(\.samples).map(\.name)
        #expect(underscored.contains("vllm_prompt_tokens_total"))
        #expect(!underscored.contains { $0.contains(":") })
        let legacy = try Self.family("vllm:prompt_tokens_total", in: parsed[2])
        #expect(legacy.type == .counter)
    }
}
