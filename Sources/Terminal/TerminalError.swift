/// Why the terminal could not be used; printed after the screen is restored.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) { self.message = message }

    public var description: String { message }
}
