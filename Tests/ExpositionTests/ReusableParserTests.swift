import TestSupport
import Testing

@testable import Exposition

/// `ReusableExpositionParser` keeps its tables across scrapes; what it returns must be exactly
/// what the one-shot `ExpositionParser.parse` returns, whatever it parsed before.
struct ReusableParserTests {
    /// The one-shot and the reused parse of `input`: both families (compared field by field)
    /// or both the same error.
    static func expectSameOutcome(
        _ input: [UInt8],
        _ format: ExpositionFormat,
        reused parser: ReusableExpositionParser,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let oneShot = Result { () throws(ExpositionError) in try ExpositionParser.parse(input, format: format) }
        let reused = Result { () throws(ExpositionError) in try parser.parse(input, format: format) }
        switch (oneShot, reused) {
        case (.success(let expected), .success(let actual)):
            #expect(expected.count == actual.count, sourceLocation: sourceLocation)
            for (left, right) in zip(expected, actual) {
                #expect(left.name == right.name, sourceLocation: sourceLocation)
                #expect(left.type == right.type, sourceLocation: sourceLocation)
                #expect(left.help == right.help, sourceLocation: sourceLocation)
                #expect(left.unit == right.unit, sourceLocation: sourceLocation)
                #expect(left.samples == right.samples, sourceLocation: sourceLocation)
            }
        case (.failure(let expected), .failure(let actual)):
            #expect(expected.line == actual.line, sourceLocation: sourceLocation)
            #expect(expected.column == actual.column, sourceLocation: sourceLocation)
            #expect(expected.message == actual.message, sourceLocation: sourceLocation)
        default:
            Issue.record("one-shot \(oneShot) but reused \(reused)", sourceLocation: sourceLocation)
        }
    }

    @Test func repeatedScrapesOfEveryFixtureMatchTheOneShotParse() throws {
        let parser = ReusableExpositionParser()
        for _ in 0..<3 {
            for name in FixtureParsingTests.fixtureNames {
                Self.expectSameOutcome(Array(try TestPaths.fixture(name)), .prometheusText, reused: parser)
            }
        }
    }

    @Test func changedValuesAndLabelsOnTheNextScrapeAreRead() throws {
        let parser = ReusableExpositionParser()
        let first = try parser.parse("# TYPE m gauge\nm{a=\"1\",b=\"x\"} 1\n", format: .prometheusText)
        let second = try parser.parse(
            Array("# TYPE m gauge\nm{a=\"1\",b=\"y\"} 2\nm{a=\"1\",b=\"x\"} 3\n".utf8),
            format: .prometheusText
        )
        #expect(
            first[0].samples == [
                Sample(name: "m", labels: [Label(name: "a", value: "1"), Label(name: "b", value: "x")], value: 1)
            ]
        )
        #expect(second[0].samples.map(\.value) == [2, 3])
        #expect(second[0].samples.map { $0.label("b") } == ["y", "x"])
    }

    @Test func aFailedScrapeDoesNotAffectTheNext() throws {
        let parser = ReusableExpositionParser()
        #expect(throws: ExpositionError.self) {
            try parser.parse(Array("m{a=\"1\",a=\"2\"} 1\n".utf8), format: .prometheusText)
        }
        let families = try parser.parse(Array("m{a=\"1\"} 1\n".utf8), format: .prometheusText)
        #expect(families[0].samples[0].labels == [Label(name: "a", value: "1")])
    }

    @Test func aLabelBlockValidInOneFormatIsCheckedAgainInTheOther() {
        let parser = ReusableExpositionParser()
        // Blanks and a trailing comma are fine in Prometheus text, errors in OpenMetrics.
        let block = Array("m{ a=\"1\", } 1\n# EOF\n".utf8)
        Self.expectSameOutcome(Array("m{ a=\"1\", } 1\n".utf8), .prometheusText, reused: parser)
        Self.expectSameOutcome(block, .openMetrics, reused: parser)
    }

    /// Mutated payloads of both formats through one instance whose tables are often dropped
    /// (tiny byte bound) and often kept: every outcome equals the one-shot parse.
    @Test func mutatedPayloadsGiveTheOneShotOutcome() throws {
        var seeds: [[UInt8]] = try FixtureParsingTests.fixtureNames.map { Array(try TestPaths.fixture($0)) }
        seeds.append(
            Array("# TYPE a histogram\na_bucket{le=\"1\"} 0\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum 2\n# EOF\n".utf8)
        )
        var generator = FuzzTests.SeededGenerator(state: 0xC0FF_EE00)
        let kept = ReusableExpositionParser()
        let oftenDropped = ReusableExpositionParser(maximumCachedBytes: 4096)
        for iteration in 0..<1500 {
            let input = FuzzTests.mutate(seeds[iteration % seeds.count], using: &generator)
            let format: ExpositionFormat = iteration % 5 == 0 ? .openMetrics : .prometheusText
            Self.expectSameOutcome(input, format, reused: kept)
            Self.expectSameOutcome(input, format, reused: oftenDropped)
        }
    }
}
