import Analysis
import Foundation
import TestSupport
import Testing

/// Cross-checks `histogramQuantile` against an independent Python implementation of Prometheus'
/// algorithm (scripts/reference/histogram_quantile.py → Tests/Fixtures/scipy/…vectors.json).
struct HistogramQuantileReferenceTests {
    private struct Vector: Decodable {
        var name: String
        var q: String
        var bounds: [String]
        var counts: [String]
        var expected: String
    }

    /// Python writes floats with `repr`: "inf", "-inf", "nan" or shortest round-trip digits.
    private static func number(_ text: String) throws -> Double {
        try #require(Double(text), "not a number: \(text)")
    }

    @Test func matchesIndependentReferenceBitForBit() throws {
        let data = try TestPaths.fixture("scipy/histogram_quantile_vectors.json")
        let vectors = try JSONDecoder().decode([Vector].self, from: data)
        #expect(vectors.count >= 50)
        for vector in vectors {
            let bounds = try vector.bounds.map(Self.number)
            let counts = try vector.counts.map(Self.number)
            let buckets = zip(bounds, counts).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
            let expected = try Self.number(vector.expected)
            let actual = histogramQuantile(try Self.number(vector.q), buckets)
            if expected.isNaN {
                #expect(actual.isNaN, "\(vector.name): expected NaN, got \(actual)")
            } else {
                #expect(actual == expected, "\(vector.name): expected \(expected), got \(actual)")
            }
        }
    }
}
