/// One label pair of a sample, with escapes already resolved.
public struct Label: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
