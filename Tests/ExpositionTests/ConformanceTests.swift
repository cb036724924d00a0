import Foundation
import TestSupport
import Testing

@testable import Exposition

/// Every case of the two corpora: the reference parsers' edge cases and the OpenMetrics suite.
struct ConformanceTests {
    /// Cases where llmdeck accepts input the corpus rejects, each because Prometheus itself
    /// accepts it (or the difference cannot matter to a scraper). Keep this list short.
    static let deliberateLeniencies: [String: String] = [:]

    static func load(_ path: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: TestPaths.fixture(path))
        let root = try #require(object as? [String: Any])
        return try #require(root["cases"] as? [[String: Any]])
    }

    /// The case's bytes. `exposition_parser_cases.json` says "inputs are exact bytes;
    /// JSON-escaped": each code point is one byte (`\u00bd` is the invalid UTF-8 byte 0xBD).
    /// The OpenMetrics suite's inputs are UTF-8 text.
    static func input(of raw: [String: Any], codePointsAreBytes: Bool) throws -> [UInt8] {
        if let encoded = raw["input_base64"] as? String {
            return Array(try #require(Data(base64Encoded: encoded)))
        }
        let text = try #require(raw["input"] as? String)
        guard codePointsAreBytes else { return Array(text.utf8) }
        return try text.unicodeScalars.map { scalar in
            try #require(UInt8(exactly: scalar.value), "code point above U+00FF in a byte-exact input")
        }
    }

    @Test func referenceParserCasesGetTheirExpectedVerdict() throws {
        let cases = try Self.load("exposition_parser_cases.json")
        #expect(cases.count == 79)
        for raw in cases {
            let id = try #require(raw["id"] as? String)
            let format: ExpositionFormat =
                raw["format"] as? String == "openmetrics-1.0" ? .openMetrics : .prometheusText
            let expect = try #require(raw["expect"] as? String)
            let input = try Self.input(of: raw, codePointsAreBytes: true)
            try check(
                id: id,
                format: format,
                input: input,
                shouldParse: expect != "error",
                expectedSamples: raw["samples"] as? [[String: Any]]
            )
        }
    }

    @Test func openMetricsSuiteCasesGetTheirExpectedVerdict() throws {
        let cases = try Self.load("openmetrics-suite/cases.json")
        #expect(cases.count == 211)
        for raw in cases {
            let id = try #require(raw["id"] as? String)
            let shouldParse = try #require(raw["should_parse"] as? Bool)
            try check(
                id: id,
                format: .openMetrics,
                input: try Self.input(of: raw, codePointsAreBytes: false),
                shouldParse: shouldParse
            )
        }
    }

    @Test func leniencyTableNamesOnlyRealCases() throws {
        let ids = Set(
            try (Self.load("exposition_parser_cases.json") + Self.load("openmetrics-suite/cases.json"))
                .compactMap { $0["id"] as? String }
        )
        for id in Self.deliberateLeniencies.keys { #expect(ids.contains(id), "unknown case \(id)") }
    }

    private func check(
        id: String,
        format: ExpositionFormat,
        input: [UInt8],
        shouldParse: Bool,
        expectedSamples: [[String: Any]]? = nil
    ) throws {
        let lenient = Self.deliberateLeniencies[id] != nil
        do {
            let families = try ExpositionParser.parse(input, format: format)
            #expect(shouldParse || lenient, "\(id): accepted input the corpus rejects")
            if let expectedSamples {
                compare(families.flatMap(\.samples), expectedSamples, id: id)
            }
        } catch {
            #expect(!shouldParse, "\(id): rejected valid input: \(error)")
            #expect(!lenient, "\(id) is listed as a leniency but is rejected")
            #expect(error.line >= 1 && error.column >= 1, "\(id)")
        }
    }

    private func compare(_ samples: [Sample], _ expected: [[String: Any]], id: String) {
        #expect(samples.count == expected.count, "\(id): sample count")
        for (sample, want) in zip(samples, expected) {
            #expect(sample.name == want["name"] as? String, "\(id)")
            let labels = Dictionary(sample.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
            #expect(labels == (want["labels"] as? [String: String] ?? [:]), "\(id): labels of \(sample.name)")
            #expect(Self.sameValue(sample.value, want["value"]), "\(id): value \(sample.value)")
            let timestamp = (want["timestamp_ms"] as? NSNumber)?.int64Value
            #expect(sample.timestampMilliseconds == timestamp, "\(id): timestamp")
        }
    }

    static func sameValue(_ value: Double, _ expected: Any?) -> Bool {
        if let number = expected as? NSNumber { return value == number.doubleValue }
        switch expected as? String {
        case "NaN": return value.isNaN
        case "+Inf": return value == .infinity
        case "-Inf": return value == -.infinity
        default: return false
        }
    }
}
