/// Where one alert instance (a rule on a deployment) stands, after Prometheus's alerting rules.
///
/// inactive → pending (the condition holds, `for` has not yet elapsed) → firing → resolved; a
/// resolved alert goes back to pending or firing when the condition holds again, or to inactive
/// once `AlertState.resolvedRetention` has passed. Matches `rules/alerting.go` (prometheus/prometheus).
public enum AlertPhase: String, Sendable, Hashable, Codable, CaseIterable {
    case inactive
    case pending
    case firing
    case resolved

    /// Whether the alert is open: pending or firing, so it can be acknowledged.
    public var isOpen: Bool { self == .pending || self == .firing }
}

/// How bad a breach is: past the rule's warning threshold, or past its critical one.
public enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case warning
    case critical

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool {
        lhs == .warning && rhs == .critical
    }
}
