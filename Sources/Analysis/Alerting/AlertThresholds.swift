/// Which side of a threshold is bad.
public enum AlertDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Values at or above the threshold breach it (latency, error ratio).
    case above
    /// Values at or below the threshold breach it (throughput, success ratio).
    case below

    /// Whether `value` is at or beyond `threshold` on the bad side.
    ///
    /// Inclusive, as the PSI tiers are (none < 0.1 ≤ moderate, reference §3.2) and as the fleet
    /// table colours values; for measured figures the boundary itself is almost never hit.
    public func reaches(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .above: return value >= threshold
        case .below: return value <= threshold
        }
    }

    /// The comparison as a summary writes it: `>` or `<`.
    public var symbol: String { self == .above ? ">" : "<" }
}

/// A rule's condition: the warning and critical thresholds on one side, and optionally a factor
/// over the deployment's own baseline that the value must also reach.
public struct AlertThresholds: Sendable, Hashable {
    /// Reaching it fires a warning; `nil` when the rule has only a critical tier.
    public var warning: Double?
    /// Reaching it fires a critical alert; `nil` when the rule has only a warning tier.
    public var critical: Double?
    public var direction: AlertDirection
    /// The value must also reach baseline × factor ("p95 at least 1.5 × its own baseline"), so a
    /// deployment that has always been slow does not alert for being itself. With a factor and no
    /// baseline the condition is not met: without history a rule cannot tell slow from slower.
    public var baselineFactor: Double?

    public init(
        warning: Double?,
        critical: Double?,
        direction: AlertDirection = .above,
        baselineFactor: Double? = nil
    ) {
        self.warning = warning
        self.critical = critical
        self.direction = direction
        self.baselineFactor = baselineFactor
    }

    /// The severity `value` reaches, `nil` when the condition is not met.
    public func severity(of value: Double, baseline: Double?) -> AlertSeverity? {
        if let baselineFactor {
            guard let baseline, direction.reaches(value, baseline * baselineFactor) else {
                return nil
            }
        }
        if let critical, direction.reaches(value, critical) {
            return .critical
        }
        if let warning, direction.reaches(value, warning) {
            return .warning
        }
        return nil
    }

    /// The severity of an alert with no value to grade (no data under `alerting`): the rule's
    /// highest tier.
    public var highestSeverity: AlertSeverity { critical == nil ? .warning : .critical }

    /// The threshold of a tier, falling back to the other tier when the rule lacks this one.
    public func threshold(for severity: AlertSeverity) -> Double? {
        severity == .critical ? critical ?? warning : warning ?? critical
    }
}
