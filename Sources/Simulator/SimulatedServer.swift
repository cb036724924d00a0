/// One fake model server of the fleet, as a config or a test needs to reach it.
public struct SimulatedServer: Sendable, Equatable {
    /// Deployment name, e.g. `chat-prod`.
    public var name: String
    public var kind: SimulatedKind
    /// `production`, `canary` or `staging`.
    public var environment: String
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:18000`.
    public var url: String
    public var port: Int
}
