/// A problem that stops the collector from starting or a target from being polled.
public struct CollectorError: Error, Sendable, CustomStringConvertible {
    /// The deployment concerned, or nil for the collector as a whole.
    public var target: String?
    public var message: String

    public init(target: String?, message: String) {
        self.target = target
        self.message = message
    }

    public var description: String {
        target.map { "deployment \($0): \(message)" } ?? message
    }
}
