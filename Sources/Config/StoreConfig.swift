/// Where the SQLite history lives and how long it is kept.
public struct StoreConfig: Sendable, Equatable {
    /// File path of the SQLite store, with `~` already expanded.
    public var path: String
    /// Retention per tier.
    public var retention: RetentionConfig

    public init(path: String, retention: RetentionConfig = .standard) {
        self.path = path
        self.retention = retention
    }
}
