/// Which model a server serves and which version of it, as the server reports them.
public struct ServedIdentity: Sendable, Equatable {
    public var model: String?
    public var version: String?

    public init(model: String? = nil, version: String? = nil) {
        self.model = model
        self.version = version
    }
}
