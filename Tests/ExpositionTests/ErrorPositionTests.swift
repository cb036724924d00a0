import Testing

@testable import Exposition

/// Malformed input reports where it went wrong: 1-based line and byte column.
struct ErrorPositionTests {
    struct Malformed: Sendable, CustomStringConvertible {
        var input: String
        var format: ExpositionFormat
        var line: Int
        var column: Int
        var messageFragment: String
        var description: String { input.debugDescription }
    }

    static let cases: [Malformed] = [
        Malformed(input: "ok 1\nbad{a=\"1\" 2\n", format: .prometheusText, line: 2, column: 11, messageFragment: "','"),
        Malformed(
            input: "a 1\nb 2\nc{l=\"x} 3\n",
            format: .prometheusText,
            line: 3,
            column: 5,
            messageFragment: "not closed"
        ),
        Malformed(
            input: "m 1\nm  true\n",
            format: .prometheusText,
            line: 2,
            column: 4,
            messageFragment: "not a number"
        ),
        Malformed(
            input: "m{a=\"1\"} 3.14 2.72\n",
            format: .prometheusText,
            line: 1,
            column: 15,
            messageFragment: "milliseconds"
        ),
        Malformed(
            input: "# TYPE m bla\n",
            format: .prometheusText,
            line: 1,
            column: 10,
            messageFragment: "unknown type"
        ),
        Malformed(input: "m{l=\"\\t\"} 1\n", format: .prometheusText, line: 1, column: 6, messageFragment: "escape"),
        Malformed(
            input: "m{a=\"1\",a=\"2\"} 1\n",
            format: .prometheusText,
            line: 1,
            column: 9,
            messageFragment: "duplicate"
        ),
        Malformed(input: "a 1\n\n# EOF\n", format: .openMetrics, line: 2, column: 1, messageFragment: "blank line"),
        Malformed(input: "a 1\n", format: .openMetrics, line: 2, column: 1, messageFragment: "EOF"),
        Malformed(input: "a 1\n# EOF\nx\n", format: .openMetrics, line: 3, column: 1, messageFragment: "after '# EOF'"),
        Malformed(input: "a 1 \n# EOF\n", format: .openMetrics, line: 1, column: 5, messageFragment: "timestamp"),
        Malformed(
            input: "# TYPE a histogram\na_bucket{le=\"2\"} 0\na_bucket{le=\"1\"} 0\na_bucket{le=\"+Inf\"} 0\n# EOF\n",
            format: .openMetrics,
            line: 4,
            column: 1,
            messageFragment: "increase"
        ),
    ]

    @Test(arguments: cases)
    func errorPointsAtTheOffendingByte(_ malformed: Malformed) {
        #expect {
            _ = try ExpositionParser.parse(malformed.input, format: malformed.format)
        } throws: { error in
            guard let error = error as? ExpositionError else { return false }
            #expect(error.line == malformed.line, "\(error)")
            #expect(error.column == malformed.column, "\(error)")
            #expect(error.message.contains(malformed.messageFragment), "\(error)")
            return true
        }
    }

    @Test func descriptionNamesLineAndColumn() {
        let error = ExpositionError(line: 3, column: 7, message: "label value is not closed")
        #expect(error.description == "line 3, column 7: label value is not closed")
    }
}
