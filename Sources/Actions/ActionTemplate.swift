/// A text with `{{variable}}` placeholders, parsed once and rendered for one context.
///
/// Syntax: `{{name}}` or `{{ name }}` on one line, `name` one of `TemplateVariable`. Text outside
/// placeholders is copied as it is (a lone `{` or `}}` included). A rendered value is never parsed
/// again, so a value holding `{{reason}}` stays that text.
public struct ActionTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(TemplateVariable, line: Int, column: Int)
    }

    /// The template as written.
    public let source: String
    /// Where the rendered text goes, which decides the escaping.
    public let context: TemplateContext
    let segments: [Segment]

    /// Parses `source`; throws on an unknown or empty name, a `{{` without `}}` on its line, and,
    /// for `.jsonString`, a placeholder outside a JSON string literal.
    public init(parsing source: String, context: TemplateContext) throws(TemplateError) {
        self.source = source
        self.context = context
        var parser = TemplateParser(source: source, context: context)
        segments = try parser.segments()
    }

    /// The variables the template uses, in order of first use.
    public var variables: [TemplateVariable] {
        var seen: [TemplateVariable] = []
        for case .placeholder(let variable, _, _) in segments where !seen.contains(variable) {
            seen.append(variable)
        }
        return seen
    }

    /// The text with each placeholder replaced by its value escaped for `context`; throws when a
    /// used variable has no value.
    public func render(with values: TemplateValues) throws(TemplateError) -> String {
        var rendered = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                rendered += text
            case .placeholder(let variable, let line, let column):
                guard let value = values[variable] else {
                    throw TemplateError(
                        kind: .missingValue,
                        line: line,
                        column: column,
                        message: "no value for '\(variable.name)' in this action; remove the placeholder or supply it"
                    )
                }
                rendered += context.escape(value)
            }
        }
        return rendered
    }
}

/// Splits a template into literal text and placeholders, tracking line and column.
private struct TemplateParser {
    typealias Segment = ActionTemplate.Segment

    let scalars: [Unicode.Scalar]
    let context: TemplateContext
    var index = 0
    var line = 1
    var column = 1
    /// For `.jsonString`: whether the text so far leaves us inside a JSON string literal.
    var isInsideJSONString = false
    var isAfterBackslash = false

    init(source: String, context: TemplateContext) {
        scalars = Array(source.unicodeScalars)
        self.context = context
    }

    mutating func segments() throws(TemplateError) -> [Segment] {
        var segments: [Segment] = []
        var literal = String.UnicodeScalarView()
        while index < scalars.count {
            if isPlaceholderStart {
                if !literal.isEmpty {
                    segments.append(.literal(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                segments.append(try placeholder())
            } else {
                literal.append(scalars[index])
                track(scalars[index])
                advance()
            }
        }
        if !literal.isEmpty {
            segments.append(.literal(String(literal)))
        }
        return segments
    }

    private var isPlaceholderStart: Bool {
        index + 1 < scalars.count && scalars[index] == "{" && scalars[index + 1] == "{"
    }

    /// Reads `{{ name }}` at `index`.
    private mutating func placeholder() throws(TemplateError) -> Segment {
        let (startLine, startColumn) = (line, column)
        var end = index + 2
        while end + 1 < scalars.count, scalars[end] != "\n", !(scalars[end] == "}" && scalars[end + 1] == "}") {
            end += 1
        }
        guard end + 1 < scalars.count, scalars[end] == "}", scalars[end + 1] == "}" else {
            throw error(.unclosedPlaceholder, "'{{' is not closed by '}}' on the same line", startLine, startColumn)
        }
        let name = String(String.UnicodeScalarView(scalars[(index + 2)..<end])).trimmingSpaces
        guard !name.isEmpty else {
            throw error(.emptyPlaceholder, "empty placeholder '{{}}'; \(Self.knownNames)", startLine, startColumn)
        }
        guard let variable = TemplateVariable(rawValue: name) else {
            throw error(.unknownVariable, "unknown variable '\(name)'; \(Self.knownNames)", startLine, startColumn)
        }
        if context == .jsonString && !isInsideJSONString {
            throw error(
                .placeholderOutsideJSONString,
                "'{{\(name)}}' must stand inside a JSON string, e.g. \"{{\(name)}}\"",
                startLine,
                startColumn
            )
        }
        while index < end + 2 { advance() }
        return .placeholder(variable, line: startLine, column: startColumn)
    }

    private static var knownNames: String {
        "known: " + TemplateVariable.allCases.map(\.name).joined(separator: ", ")
    }

    private func error(_ kind: TemplateError.Kind, _ message: String, _ line: Int, _ column: Int) -> TemplateError {
        TemplateError(kind: kind, line: line, column: column, message: message)
    }

    /// Follows JSON string literals so placeholders can be checked to stand inside one.
    private mutating func track(_ scalar: Unicode.Scalar) {
        guard context == .jsonString else { return }
        if isAfterBackslash {
            isAfterBackslash = false
        } else if scalar == "\\" && isInsideJSONString {
            isAfterBackslash = true
        } else if scalar == "\"" {
            isInsideJSONString.toggle()
        }
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
