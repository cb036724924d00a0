/// The outcome of one poll of a target: the health history behind the fleet view.
public struct ScrapeRecord: Sendable, Equatable {
    public var target: String
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    /// `up`, `down`, `degraded` or `bad_payload`.
    public var health: String
    /// Seconds the poll took.
    public var durationSeconds: Double
    /// Response bytes received.
    public var bytes: Int
    public var error: String?

    public init(target: String, ts: Int64, health: String, durationSeconds: Double, bytes: Int, error: String? = nil) {
        self.target = target
        self.ts = ts
        self.health = health
        self.durationSeconds = durationSeconds
        self.bytes = bytes
        self.error = error
    }
}
