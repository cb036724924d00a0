import Analysis
import Store

/// Alerts as the store holds them, in the order an on-call engineer reads them: firing (critical
/// first), then pending (soonest to fire first), then those resolved in the last 15 minutes;
/// with acknowledgements and silences applied. Those Alertmanager sources hold come along
/// (``AlertRecord/Origin/alertmanager``), as of the collecting process's last read of each.
public struct AlertReader: Sendable {
    public let store: Store
    /// The rules in force, for names, thresholds and summaries (a state whose rule is gone is
    /// still shown, by its id).
    public var rules: [AlertRuleSpec]

    public init(store: Store, rules: [AlertRuleSpec] = AlertRuleSpec.builtIn) {
        self.store = store
        self.rules = rules
    }

    /// Open alerts and those resolved in the last `AlertState.resolvedRetention`; with `all`,
    /// every alert ever evaluated, inactive ones too.
    public func alerts(now: Int64, all: Bool = false) throws(StoreError) -> [AlertRecord] {
        let rules = self.rules
        return try store.read { view in try Self.alerts(in: view, rules: rules, now: now, all: all) }
    }

    /// Silences not yet expired at `now`, soonest to end first.
    public func silences(now: Int64) throws(StoreError) -> [AlertSilence] {
        try store.read { view in try Self.silences(in: view, now: now) }
    }

    static func silences(in view: StoreView, now: Int64) throws -> [AlertSilence] {
        try view.silences(endingFrom: now + 1).sorted { ($0.endsAt, $0.id) < ($1.endsAt, $1.id) }
    }

    static func alerts(in view: StoreView, rules: [AlertRuleSpec], now: Int64, all: Bool) throws -> [AlertRecord] {
        let byID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var acknowledgements: [String: StoredAcknowledgement] = [:]
        for acknowledgement in try view.acknowledgements() {
            acknowledgements["\(acknowledgement.ruleID)/\(acknowledgement.deployment)"] = acknowledgement
        }
        let silences = try silences(in: view, now: now)
        var records: [AlertRecord] = []
        for stored in try view.alerts() {
            guard let snapshot = AlertSnapshot(stored) else { continue }
            let state = snapshot.state
            let recent = state.phase == .resolved && now - (state.resolvedAt ?? now) < AlertState.resolvedRetention
            guard all || state.phase.isOpen || recent else { continue }
            var record = Self.record(state, rule: byID[state.ruleID], now: now)
            record.drift = snapshot.drift
            // An acknowledgement covers the episode open when it was given.
            if state.phase.isOpen, let acknowledgement = acknowledgements[record.id],
                acknowledgement.at >= state.activeSince ?? .max
            {
                record.acknowledgedBy = acknowledgement.actor
                record.acknowledgedAt = acknowledgement.at
            }
            record.silence = silences.first {
                $0.status(at: now) == .active && $0.matches(ruleID: state.ruleID, deployment: state.deployment)
            }
            records.append(record)
        }
        records += try alertmanagerRecords(in: view, own: records)
        return records.sorted(by: Self.readingOrder)
    }

    /// The record of `state` under `rule` at `now`.
    static func record(_ state: AlertState, rule: AlertRuleSpec?, now: Int64) -> AlertRecord {
        let since: Int64? =
            switch state.phase {
            case .firing: state.firingSince ?? state.activeSince
            case .pending: state.activeSince
            case .resolved: state.resolvedAt
            case .inactive: state.lastEvaluatedAt
            }
        return AlertRecord(
            ruleID: state.ruleID,
            ruleName: rule?.name ?? state.ruleID,
            deployment: state.deployment,
            phase: state.phase,
            severity: state.severity,
            since: since,
            firesIn: rule.flatMap { state.timeUntilFiring(at: now, rule: $0) },
            value: state.value,
            threshold: rule?.thresholds.threshold(for: state.severity ?? .warning),
            summary: rule?.summaryText(for: state, at: now) ?? "\(state.ruleID) \(state.phase.rawValue)"
        )
    }

    /// Firing (critical, then warning, longest first), pending (soonest to fire), resolved
    /// (latest first), inactive; then by rule and deployment.
    static func readingOrder(_ a: AlertRecord, _ b: AlertRecord) -> Bool {
        func rank(_ record: AlertRecord) -> (Int, Int64) {
            switch record.phase {
            case .firing: return (record.severity == .critical ? 0 : 1, record.since ?? 0)
            case .pending: return (2, record.firesIn ?? .max)
            case .resolved: return (3, -(record.since ?? 0))
            case .inactive: return (4, 0)
            }
        }
        let (x, y) = (rank(a), rank(b))
        if x != y { return x < y }
        return (a.ruleID, a.deployment) < (b.ruleID, b.deployment)
    }
}
