import Analysis
import Terminal
import Vocabulary

/// Colour thresholds of the fleet table: when a value turns warning (yellow) or critical (red).
///
/// They come from the alert rules in force (`init(rules:)`: the built-in `error_ratio`,
/// `latency_p95`, `ttft_p95` and `kv_cache_full` rules as configured), so a value is coloured
/// exactly when its rule's condition holds; the waiting queue, whose rule watches its growth
/// rather than its length, keeps fixed colours.
public struct Thresholds: Sendable, Equatable {
    /// Error ratio 0–1.
    public var errorWarning = 0.05
    public var errorCritical = 0.10
    /// End-to-end p95/p99, seconds.
    public var latencyWarning = 5.0
    public var latencyCritical = 10.0
    /// TTFT p95, seconds.
    public var ttftWarning = 1.0
    public var ttftCritical = 3.0
    /// KV-cache usage 0–1.
    public var kvWarning = 0.90
    public var kvCritical = 0.95
    /// Requests waiting.
    public var queueWarning = 5.0
    public var queueCritical = 20.0

    public init() {}

    /// The colours of the rules in force: each coloured figure takes its built-in rule's
    /// warning and critical thresholds (a rule without a warning tier turns critical only; one
    /// turned off leaves the default).
    public init(rules: [AlertRuleSpec]) {
        func tiers(_ id: String) -> (warning: Double, critical: Double)? {
            guard let rule = rules.first(where: { $0.id == id }) else { return nil }
            guard let critical = rule.thresholds.critical ?? rule.thresholds.warning else { return nil }
            return (rule.thresholds.warning ?? critical, critical)
        }
        if let tiers = tiers(AlertRuleSpec.errorRatio.id) { (errorWarning, errorCritical) = tiers }
        if let tiers = tiers(AlertRuleSpec.latencyP95.id) { (latencyWarning, latencyCritical) = tiers }
        if let tiers = tiers(AlertRuleSpec.ttftP95.id) { (ttftWarning, ttftCritical) = tiers }
        if let tiers = tiers(AlertRuleSpec.kvCacheFull.id) { (kvWarning, kvCritical) = tiers }
    }

    /// The built-in rules' colours.
    public static let standard = Thresholds(rules: AlertRuleSpec.builtIn)

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
