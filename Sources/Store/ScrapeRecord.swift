import Vocabulary

/// The outcome of one poll of a target: the health history behind the fleet view.
public struct ScrapeRecord: Sendable, Equatable {
    public var target: String
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    /// `up`, `down`, `degraded` or `bad_payload`.
    public var health: Health
    /// Seconds the poll took.
    public var durationSeconds: Double
    /// Response bytes received.
    public var bytes: Int
    public var error: String?

    public init(target: String, ts: Int64, health: Health, durationSeconds: Double, bytes: Int, error: String? = nil) {
        self.target = target
        self.ts = ts
        self.health = health
        self.durationSeconds = durationSeconds
        self.bytes = bytes
        self.error = error
    }
}

extension Store {
    /// The health a `scrapes` row holds; text no llmdeck wrote (a hand-edited store) reads as
    /// `down`, the state that asks an operator to look.
    static func health(storedText: String) -> Health { Health(rawValue: storedText) ?? .down }
}
