/// Why a payload could not be parsed, and where.
public struct ExpositionError: Error, Sendable, CustomStringConvertible {
    /// 1-based line number in the payload.
    public var line: Int
    /// 1-based column, counted in bytes from the start of the line.
    public var column: Int
    /// What is wrong, phrased so a person can find and fix it.
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}
