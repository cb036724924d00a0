/// A config file that cannot be used, with the position of the offending YAML node.
///
/// `description` reads `file:line:column: message`, the format editors and terminals link to.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, stable for callers and tests.
    public enum Kind: String, Sendable, Equatable {
        case unreadableFile, syntax, unknownKey, duplicateKey, missingKey, wrongType
        case invalidURL, invalidDuration, unknownKind, duplicateName, invalidValue
    }

    /// The config file path as given.
    public var file: String
    /// 1-based line of the offending node; 0 when the file could not be read at all.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending node; 0 when the file could not be read.
    public var column: Int
    /// What is wrong and what to do about it.
    public var message: String
    /// The category of the problem.
    public var kind: Kind

    public init(file: String, line: Int, column: Int, message: String, kind: Kind) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.kind = kind
    }

    public var description: String {
        if line == 0 {
            return "\(file): \(message)"
        }
        return "\(file):\(line):\(column): \(message)"
    }
}
