/// A pane of the console, named by its registration (`PaneRegistration`); the registry decides
/// its order, its number key and its tab.
public struct Pane: Hashable, Sendable, CustomStringConvertible {
    /// The lowercase name `:` switches to it with (`fleet`).
    public let id: String

    public init(_ id: String) { self.id = id }

    public var description: String { id }

    public static let fleet = Pane("fleet")
    public static let latency = Pane("latency")
    public static let detail = Pane("detail")
}
