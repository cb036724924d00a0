/// A template that cannot be parsed or rendered, with the position of the offending placeholder.
///
/// Positions are within the template text; the config reader adds the position of the template
/// in its file to report `file:line:column`.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, stable for callers and tests.
    public enum Kind: String, Sendable, Equatable {
        case unknownVariable, emptyPlaceholder, unclosedPlaceholder, placeholderOutsideJSONString, missingValue
    }

    /// The category of the problem.
    public var kind: Kind
    /// 1-based line of the `{{` that starts the offending placeholder.
    public var line: Int
    /// 1-based column, in Unicode scalars, of that `{{`.
    public var column: Int
    /// The index of the argv element the template is, for command templates; nil otherwise.
    public var element: Int?
    /// What is wrong and what to write instead.
    public var message: String

    public init(kind: Kind, line: Int, column: Int, element: Int? = nil, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.element = element
        self.message = message
    }

    public var description: String {
        let place = element.map { "argument \($0), " } ?? ""
        return "\(place)line \(line), column \(column): \(message)"
    }
}
