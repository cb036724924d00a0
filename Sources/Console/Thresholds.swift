import Terminal
import Vocabulary

/// Colour thresholds of the fleet table: when a value turns warning (yellow) or critical (red).
///
/// Defaults for interactive LLM serving; the alerts issue replaces them with configured rules.
public struct Thresholds: Sendable, Equatable {
    /// Error ratio 0–1.
    public var errorWarning = 0.01
    public var errorCritical = 0.05
    /// End-to-end p95/p99, seconds.
    public var latencyWarning = 5.0
    public var latencyCritical = 10.0
    /// TTFT p95, seconds.
    public var ttftWarning = 1.0
    public var ttftCritical = 3.0
    /// KV-cache usage 0–1.
    public var kvWarning = 0.8
    public var kvCritical = 0.95
    /// Requests waiting.
    public var queueWarning = 5.0
    public var queueCritical = 20.0

    public init() {}

    public static let standard = Thresholds()

    /// The role a value is drawn in: ok, warning or critical; muted when unknown.
    func role(_ value: Double?, warning: Double, critical: Double) -> StyleRole {
        guard let value else { return .muted }
        if value >= critical { return .critical }
        if value >= warning { return .warning }
        return .text
    }

    func healthRole(_ health: Health?) -> StyleRole {
        switch health {
        case .up: .ok
        case .degraded: .warning
        case nil: .muted
        case .down, .badPayload: .critical
        }
    }
}
