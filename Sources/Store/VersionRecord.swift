/// A served model version observed on a target at a time: the history rollbacks pick from.
public struct VersionRecord: Sendable, Equatable {
    public var target: String
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    public var model: String
    public var version: String

    public init(target: String, ts: Int64, model: String, version: String) {
        self.target = target
        self.ts = ts
        self.model = model
        self.version = version
    }
}
