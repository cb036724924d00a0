/// An error from the store: what was attempted, on which file, and what to do about it.
///
/// The fields are stable so callers can match on `operation`; `description` is the line to
/// show a person.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What the store was doing, e.g. `"open"`, `"migrate"`, `"write"`, `"read"`, `"rollUp"`.
    public var operation: String
    /// The database file the operation was on.
    public var path: String
    /// What went wrong and, where possible, what to do.
    public var message: String

    public init(operation: String, path: String, message: String) {
        self.operation = operation
        self.path = path
        self.message = message
    }

    public var description: String {
        "store \(operation) failed on \(path): \(message)"
    }
}
