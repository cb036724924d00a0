/// The lifecycle of one alert instance, a rule on a deployment, as a value: what `evaluated`
/// returns after each tick, and what the store keeps so a restarted llmdeck continues where it
/// stopped. Times are milliseconds since the Unix epoch.
///
/// Only `evaluated(_:at:rule:)`, `acknowledge(by:at:)` change it; a decoded state continues
/// exactly as the encoded one would have.
public struct AlertState: Sendable, Hashable, Codable {
    public let ruleID: String
    public let deployment: String
    public internal(set) var phase: AlertPhase
    /// The severity reached while open, kept after resolving for display; `nil` while inactive.
    public internal(set) var severity: AlertSeverity?
    /// The latest value observed (always finite), `nil` before the first value or after no data.
    public internal(set) var value: Double?
    /// When the condition started to hold (Prometheus `ActiveAt`); `nil` while inactive.
    public internal(set) var activeSince: Int64?
    /// When the alert fired (Prometheus `FiredAt`).
    public internal(set) var firingSince: Int64?
    /// The first evaluation at which a firing alert's condition no longer held; it resolves once
    /// `keep_firing_for` has passed since then (Prometheus `KeepFiringSince`).
    public internal(set) var keepFiringSince: Int64?
    /// When the alert resolved; `nil` unless resolved.
    public internal(set) var resolvedAt: Int64?
    /// When it was last evaluated, whatever the outcome.
    public internal(set) var lastEvaluatedAt: Int64?
    /// Who said "I'm on it"; cleared when the alert resolves or its pending condition clears.
    public internal(set) var acknowledgement: AlertAcknowledgement?

    /// How long a resolved alert stays listed before it goes inactive: 15 minutes, as
    /// Prometheus keeps resolved alerts (`resolvedRetention`, rules/alerting.go).
    public static let resolvedRetention: Int64 = 15 * 60 * 1000

    /// A rule's alert on a deployment that has never been evaluated.
    public init(ruleID: String, deployment: String) {
        self.ruleID = ruleID
        self.deployment = deployment
        self.phase = .inactive
    }

    /// Milliseconds until a pending alert fires if its condition keeps holding; `nil` unless
    /// pending. 0 when it fires at the next evaluation.
    public func timeUntilFiring(at time: Int64, rule: AlertRuleSpec) -> Int64? {
        guard phase == .pending, let activeSince else {
            return nil
        }
        return max(0, activeSince + milliseconds(rule.holdDuration) - time)
    }

    /// Records who acknowledged the open alert, when; an acknowledgement lasts until the alert
    /// resolves (or, while pending, its condition clears). Returns `false`, changing nothing,
    /// when the alert is not open.
    public mutating func acknowledge(by actor: String, at time: Int64) -> Bool {
        guard phase.isOpen else {
            return false
        }
        acknowledgement = AlertAcknowledgement(actor: actor, at: time)
        return true
    }

    /// The active silence that mutes this alert at `time`, the one ending last when several do.
    public func silence(among silences: [AlertSilence], at time: Int64) -> AlertSilence? {
        silences.filter { $0.status(at: time) == .active && $0.matches(ruleID: ruleID, deployment: deployment) }
            .max { $0.endsAt < $1.endsAt }
    }

    /// Whether an active silence mutes this alert at `time`.
    public func isSilenced(at time: Int64, by silences: [AlertSilence]) -> Bool {
        silence(among: silences, at: time) != nil
    }
}

/// "I'm on it": who acknowledged an alert, and when (milliseconds since the epoch).
public struct AlertAcknowledgement: Sendable, Hashable, Codable {
    /// `$USER` or `--actor`.
    public var actor: String
    public var at: Int64

    public init(actor: String, at: Int64) {
        self.actor = actor
        self.at = at
    }
}

/// Seconds as whole milliseconds, for comparing a rule's durations with evaluation times.
func milliseconds(_ seconds: Double) -> Int64 {
    guard seconds.isFinite, seconds > 0 else {
        return 0
    }
    return Int64(min(seconds * 1000, 9e15).rounded())
}
