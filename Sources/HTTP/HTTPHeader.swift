/// One HTTP header field as sent or received; names compare case-insensitively where it matters.
public struct HTTPHeader: Sendable, Equatable {
    /// Field name as written by the caller or the server (e.g. `Content-Type`).
    public var name: String
    /// Field value without surrounding whitespace.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Header names whose values are credentials: never printed, never put into an error message.
    static let secretNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key"]

    /// True when the value is a credential, so descriptions show `<redacted>` instead.
    public var isSecret: Bool { Self.secretNames.contains(name.lowercased()) }

    /// `Name: value`, or `Name: <redacted>` for credentials.
    public var redactedDescription: String { "\(name): \(isSecret ? "<redacted>" : value)" }
}
