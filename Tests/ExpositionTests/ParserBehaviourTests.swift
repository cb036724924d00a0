import Foundation
import Testing

@testable import Exposition

/// What a collector relies on beyond the corpora: the composed mini-suite of
/// serving-metrics.md §11, number spellings, timestamps, exemplars and `_created`.
struct ParserBehaviourTests {
    @Test func composedMiniSuiteMatchesPrometheusClient() throws {
        let text = #"""
            # HELP weird_help line1\nline2 with \\ backslash and "quotes"
            # TYPE weird_help gauge
            weird_help{path="C:\\tmp",msg="say \"hi\"\nbye",empty=""} NaN
            weird_help { a = "x" , } +Inf 1395066363000
            # TYPE vllm:iteration_tokens_total histogram
            vllm:iteration_tokens_total_bucket{engine="0",le="1.0",model_name="m"} 0.0
            vllm:iteration_tokens_total_bucket{engine="0",le="+Inf",model_name="m"} 3.0
            vllm:iteration_tokens_total_count{engine="0",model_name="m"} 3.0
            vllm:iteration_tokens_total_sum{engine="0",model_name="m"} 96.0
            nv_x{model="a",version="1"} Nan

            """#
        let families = try ExpositionParser.parse(text, format: .prometheusText)
        #expect(families.map(\.name) == ["weird_help", "vllm:iteration_tokens_total", "nv_x"])
        #expect(families.map(\.type) == [.gauge, .histogram, .unknown])
        #expect(families.flatMap(\.samples).count == 7)
        let weird = families[0]
        #expect(weird.help == "line1\nline2 with \\ backslash and \"quotes\"")
        #expect(
            weird.samples[0].labels == [
                Label(name: "path", value: "C:\\tmp"), Label(name: "msg", value: "say \"hi\"\nbye"),
                Label(name: "empty", value: ""),
            ]
        )
        #expect(weird.samples[0].value.isNaN)
        #expect(weird.samples[1].labels == [Label(name: "a", value: "x")])
        #expect(weird.samples[1].value == .infinity)
        #expect(weird.samples[1].timestampMilliseconds == 1_395_066_363_000)
        let series = try #require(families[1].histogramSeries().first)
        #expect(series.upperBounds == [1, .infinity])
        #expect(series.cumulativeCounts == [0, 3])
        #expect(series.count == 3)
        #expect(series.sum == 96)
        #expect(families[2].samples[0].value.isNaN)
    }

    @Test(arguments: [
        ("NaN", Double.nan), ("Nan", .nan), ("nan", .nan), ("+Inf", .infinity), ("-Inf", -.infinity),
        ("Inf", .infinity), ("inf", .infinity), ("+inf", .infinity), ("1.23457e+06", 1_234_570), ("08", 8),
        (".5", 0.5), ("-0", 0), ("1e-3", 0.001), ("0.013300656000000001", 0.013300656000000001),
        ("1.7959534530903234e+09", 1.7959534530903234e+09), ("9223372036854775808", 9_223_372_036_854_775_808),
        ("123456789012345678901234567890", 1.2345678901234568e29), ("4.9e-324", 5e-324),
    ])
    func valueSpellingsParseLikeGoParseFloat(text: String, expected: Double) throws {
        let family = try #require(try ExpositionParser.parse("m \(text)\n", format: .prometheusText).first)
        let value = try #require(family.samples.first?.value)
        #expect(value == expected || (value.isNaN && expected.isNaN), "\(text) → \(value)")
    }

    @Test(arguments: ["1_2", "0x1p-3", "0x1", "0b1", "0o1", "true", "1.1.1", "1e", "+", "-nan", "infinite", "1f"])
    func goOnlyOrWrongLiteralsAreRejected(text: String) {
        #expect(throws: ExpositionError.self) { try ExpositionParser.parse("m \(text)\n", format: .prometheusText) }
    }

    @Test func openMetricsSecondsBecomeMilliseconds() throws {
        let text =
            "# TYPE a gauge\na{x=\"1\"} 1 1520879607.789\na{x=\"2\"} 1 1.5e3\na{x=\"3\"} 1 12345678901234567890.5\n# EOF\n"
        let samples = try ExpositionParser.parse(text, format: .openMetrics).flatMap(\.samples)
        #expect(samples.map(\.timestampMilliseconds) == [1_520_879_607_789, 1_500_000, .max])
    }

    @Test func openMetricsCounterKeepsCreatedAndIgnoresExemplars() throws {
        let text = """
            # TYPE requests counter
            # UNIT requests_seconds seconds
            # HELP requests Requests.
            requests_total{code="200"} 17 # {trace_id="abc"} 1 1520879607.7
            requests_created{code="200"} 1520430000.5
            # EOF
            """
        #expect(throws: ExpositionError.self) { try ExpositionParser.parse(text, format: .openMetrics) }
        let valid = text.replacingOccurrences(of: "# UNIT requests_seconds seconds\n", with: "")
        let family = try #require(try ExpositionParser.parse(valid, format: .openMetrics).first)
        #expect(family.name == "requests")
        #expect(family.type == .counter)
        #expect(family.help == "Requests.")
        #expect(family.samples.map(\.name) == ["requests_total", "requests_created"])
        #expect(family.samples[0].labels == [Label(name: "code", value: "200")])
        #expect(family.samples[1].value == 1_520_430_000.5)
    }

    @Test func prometheusTextInterleavedFamiliesRegroup() throws {
        let text = "# TYPE s summary\ns{quantile=\"0.5\"} 1\ndecoy 2\ns_count 3\ns_sum 4\n"
        let families = try ExpositionParser.parse(text, format: .prometheusText)
        #expect(families.map(\.name) == ["s", "decoy"])
        #expect(families[0].samples.map(\.name) == ["s", "s_count", "s_sum"])
    }

    @Test func utf8QuotedNamesParse() throws {
        let text = "# TYPE \"my.metric\" gauge\n{\"my.metric\",\"label.x\"=\"v\"} 1\n"
        let family = try #require(try ExpositionParser.parse(text, format: .prometheusText).first)
        #expect(family.name == "my.metric")
        #expect(family.type == .gauge)
        #expect(family.samples.first?.labels == [Label(name: "label.x", value: "v")])
    }

    @Test func contentTypeSelectsTheFormat() {
        #expect(
            ExpositionFormat(contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8") == .openMetrics
        )
        #expect(ExpositionFormat(contentType: "Application/OpenMetrics-Text") == .openMetrics)
        #expect(ExpositionFormat(contentType: "text/plain; version=0.0.4; charset=utf-8") == .prometheusText)
        #expect(ExpositionFormat(contentType: nil) == .prometheusText)
        #expect(ExpositionFormat(contentType: "text/html") == .prometheusText)
    }

    @Test func emptyPayloads() throws {
        #expect(try ExpositionParser.parse([], format: .prometheusText).isEmpty)
        #expect(try ExpositionParser.parse("\n\n", format: .prometheusText).isEmpty)
        #expect(throws: ExpositionError.self) { try ExpositionParser.parse([], format: .openMetrics) }
        #expect(try ExpositionParser.parse("# EOF", format: .openMetrics).isEmpty)
    }
}
