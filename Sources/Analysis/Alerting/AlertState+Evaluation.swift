extension AlertState {
    /// The state after one evaluation of `rule` at `time` (milliseconds), and the transitions
    /// that happened, each of which the caller writes as an event.
    ///
    /// Follows Prometheus's `AlertingRule.Eval` (rules/alerting.go): a condition that starts to
    /// hold makes the alert pending, or firing at once when `for` is 0; pending fires once the
    /// condition has held for `for`; a firing alert whose condition stops holding keeps firing
    /// until `keep_firing_for` has passed since the first evaluation without it, so a flap inside
    /// that time neither resolves nor re-fires; a pending alert whose condition stops holding goes
    /// straight back to inactive. A change of severity while firing is a firing → firing
    /// transition. A non-finite value counts as no data.
    public func evaluated(_ observation: AlertObservation, at time: Int64, rule: AlertRuleSpec) -> AlertEvaluation {
        var next = self
        next.lastEvaluatedAt = time
        var transitions: [AlertTransition] = []
        func move(to phase: AlertPhase, value: Double?) {
            transitions.append(
                AlertTransition(
                    ruleID: ruleID,
                    deployment: deployment,
                    from: next.phase,
                    to: phase,
                    at: time,
                    value: value,
                    severity: next.severity
                )
            )
            next.phase = phase
        }

        switch condition(of: observation, rule: rule) {
        case .skipped:
            break
        case .holds(let severity, let value):
            next.value = value
            switch next.phase {
            case .inactive, .resolved:
                next.severity = severity
                next.activeSince = time
                next.firingSince = nil
                next.resolvedAt = nil
                next.keepFiringSince = nil
                let firesNow = milliseconds(rule.holdDuration) == 0
                if firesNow {
                    next.firingSince = time
                }
                move(to: firesNow ? .firing : .pending, value: value)
            case .pending:
                next.severity = severity
                if time - (next.activeSince ?? time) >= milliseconds(rule.holdDuration) {
                    next.firingSince = time
                    move(to: .firing, value: value)
                }
            case .firing:
                next.keepFiringSince = nil
                if severity != next.severity {
                    next.severity = severity
                    move(to: .firing, value: value)
                }
            }
        case .fails(let value):
            next.value = value
            switch next.phase {
            case .inactive:
                break
            case .pending:
                move(to: .inactive, value: value)
                next.severity = nil
                next.activeSince = nil
                next.acknowledgement = nil
            case .firing:
                let since = next.keepFiringSince ?? time
                if time - since < milliseconds(rule.keepFiringFor) {
                    next.keepFiringSince = since
                } else {
                    next.keepFiringSince = nil
                    next.resolvedAt = time
                    next.acknowledgement = nil
                    move(to: .resolved, value: value)
                }
            case .resolved:
                if time - (next.resolvedAt ?? time) >= Self.resolvedRetention {
                    move(to: .inactive, value: value)
                    next.severity = nil
                    next.activeSince = nil
                    next.firingSince = nil
                    next.resolvedAt = nil
                }
            }
        }
        return AlertEvaluation(state: next, transitions: transitions)
    }

    /// Whether the condition holds at this tick, and at which severity.
    private func condition(of observation: AlertObservation, rule: AlertRuleSpec) -> Condition {
        switch observation {
        case .value(let value, let baseline) where value.isFinite:
            let usableBaseline = baseline.flatMap { $0.isFinite ? $0 : nil }
            guard let severity = rule.thresholds.severity(of: value, baseline: usableBaseline) else {
                return .fails(value: value)
            }
            return .holds(severity, value: value)
        case .belowGate:
            return .fails(value: nil)
        case .value, .noData:
            switch rule.noData {
            case .ok: return .fails(value: nil)
            case .alerting: return .holds(rule.thresholds.highestSeverity, value: nil)
            case .keep: return .skipped
            }
        }
    }

    private enum Condition {
        case holds(AlertSeverity, value: Double?)
        case fails(value: Double?)
        /// No data under `keep`: the tick changes nothing.
        case skipped
    }
}

/// One evaluation's outcome: the state to keep and the transitions to record.
public struct AlertEvaluation: Sendable, Hashable {
    public var state: AlertState
    /// In the order they happened; empty when the phase and severity stayed as they were.
    public var transitions: [AlertTransition]
}

/// A change of an alert's phase (or of its severity while firing), written as an event.
public struct AlertTransition: Sendable, Hashable, Codable {
    public var ruleID: String
    public var deployment: String
    public var from: AlertPhase
    public var to: AlertPhase
    /// Milliseconds since the epoch.
    public var at: Int64
    /// The value observed at the evaluation, `nil` for no data or a gated window.
    public var value: Double?
    /// The alert's severity after the transition (the last one for resolved and inactive).
    public var severity: AlertSeverity?

    public init(
        ruleID: String,
        deployment: String,
        from: AlertPhase,
        to: AlertPhase,
        at: Int64,
        value: Double?,
        severity: AlertSeverity?
    ) {
        self.ruleID = ruleID
        self.deployment = deployment
        self.from = from
        self.to = to
        self.at = at
        self.value = value
        self.severity = severity
    }

    /// Whether this is news an operator should hear of: the alert began firing or its severity
    /// changed while firing. Resolutions and pending transitions are not.
    public var isFiringNews: Bool { to == .firing }
}
