import Foundation
import TestSupport
import Testing

@testable import Simulator

struct ExpositionNumberTests {
    /// Reference strings printed by Python 3 `prometheus_client.utils.floatToGoString`.
    @Test func prometheusClientMatchesPythonOutput() {
        let cases: [(Double, String)] = [
            (12, "12.0"), (0.4375, "0.4375"), (987_654, "987654.0"), (1_234_567, "1.234567e+06"),
            (12_345_678, "1.2345678e+07"), (1_000_000, "1e+06"), (2.345678e6, "2.345678e+06"), (0, "0.0"),
            (0.00001, "1e-05"), (0.0001, "0.0001"), (1.7959534530903234e9, "1.7959534530903234e+09"),
            (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (-3.5, "-3.5"), (1e16, "1e+16"),
            (2560, "2560.0"), (0.3, "0.3"), (12_345_678_901, "1.2345678901e+010"),
        ]
        for (value, expected) in cases {
            #expect(ExpositionNumber.prometheusClient(value) == expected, "\(value)")
        }
    }

    @Test func rustDisplayHasNoExponentAndNoTrailingZero() {
        #expect(ExpositionNumber.rust(103_656) == "103656")
        #expect(ExpositionNumber.rust(662.2278125026296) == "662.2278125026296")
        #expect(ExpositionNumber.rust(0.0001 * 1.5) == "0.00015000000000000001")
        #expect(ExpositionNumber.rust(1e-7) == "0.0000001")
        #expect(ExpositionNumber.rust(1e21) == "1000000000000000000000")
        #expect(ExpositionNumber.rust(0) == "0")
    }

    @Test func cppStreamKeepsSixSignificantDigits() {
        #expect(ExpositionNumber.cpp(1_234_567) == "1.23457e+06")
        #expect(ExpositionNumber.cpp(812.345) == "812.345")
        #expect(ExpositionNumber.cpp(9876.543) == "9876.54")
        #expect(ExpositionNumber.cpp(4) == "4")
        #expect(ExpositionNumber.cpp(3.87123) == "3.87123")
    }

    /// Every `le` of TGI's duration histograms, as written in the fixture rendered from router/src/server.rs.
    @Test func tgiDurationBoundsMatchFixture() throws {
        let fixture = String(decoding: try TestPaths.fixture("tgi_metrics.prom"), as: UTF8.self)
        let expected = try PageSamples.parse(fixture).named("tgi_request_duration_bucket").compactMap {
            $0.labels["le"]
        }
        let writer = ExpositionWriter(style: .rustExporter)
        let rendered = ServingBuckets.tgiDuration.map { writer.bound($0) } + ["+Inf"]
        #expect(rendered == expected)
    }

    @Test func tgiInputLengthBoundsMatchFixture() throws {
        let fixture = String(decoding: try TestPaths.fixture("tgi_metrics.prom"), as: UTF8.self)
        let expected = try PageSamples.parse(fixture).named("tgi_request_input_length_bucket")
            .compactMap { $0.labels["le"] }
        let writer = ExpositionWriter(style: .rustExporter)
        let rendered = ServingBuckets.tgiTokens(limit: 1024).map { writer.bound($0) } + ["+Inf"]
        #expect(rendered.map { Double($0) } == expected.map { Double($0) })
        // The fixture writes whole bounds Python-style ("256.0"); Rust's Display writes "256".
        for (ours, theirs) in zip(rendered, expected) where !theirs.hasSuffix(".0") {
            #expect(ours == theirs)
        }
    }

    @Test func vllmTokenBucketsFollowOneTwoFiveSeriesUpToModelLength() {
        let bounds = ServingBuckets.vllmRequestTokens(maxModelLength: 8192)
        #expect(bounds == [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000])
    }

    @Test func labelValuesAreEscaped() {
        var writer = ExpositionWriter(style: .prometheusClient)
        writer.sample("m", [("model_name", "a\"b\\c\nd"), ("engine", "0")], 1)
        #expect(writer.text == "m{engine=\"0\",model_name=\"a\\\"b\\\\c\\nd\"} 1.0\n")
    }

    @Test func histogramCountsAValueOnTheBoundInThatBucket() {
        var histogram = BucketedHistogram(upperBounds: [1, 2, 5])
        histogram.observe(1)
        histogram.observe(2.5, times: 3)
        histogram.observe(9)
        #expect(histogram.cumulativeCounts == [1, 1, 4, 5])
        #expect(histogram.count == 5)
        #expect(histogram.sum == 1 + 7.5 + 9)
    }
}
