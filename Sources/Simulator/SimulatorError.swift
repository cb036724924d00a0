/// A simulator failure a caller can act on: bad options, a port in use, a bad control request.
public struct SimulatorError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: String, Sendable {
        case invalidOption
        case listen
        case badControl
        case nothingToRollBack
        case unknownServer
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
