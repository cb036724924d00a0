import Analysis
import Store

extension AlertReader {
    /// How the last read of each Alertmanager source went (an unreachable one says why).
    public func alertmanagerSources() throws(StoreError) -> [AlertmanagerSourceStatus] {
        try store.read { view in try view.alertmanagerSources() }
    }

    /// The alerts Alertmanagers hold, as records beside `own` (llmdeck's): firing, with their silences
    /// and llmdeck's acknowledgements applied. An alert llmdeck itself pushed (label `source="llmdeck"`)
    /// that `own` already shows is left out.
    static func alertmanagerRecords(in view: StoreView, own: [AlertRecord]) throws -> [AlertRecord] {
        let shown = Set(own.map(\.id))
        var made: [String: StoredAlertmanagerSilence] = [:]
        for silence in try view.alertmanagerSilences() { made[silence.source + "/" + silence.id] = silence }
        var records: [AlertRecord] = []
        for stored in try view.alertmanagerAlerts() {
            if stored.labels["source"] == "llmdeck", shown.contains("\(stored.alertname)/\(stored.deployment ?? "")") {
                continue
            }
            var record = AlertRecord(
                ruleID: stored.alertname,
                ruleName: stored.alertname,
                deployment: stored.deployment ?? "",
                phase: .firing,
                severity: severity(stored.severity),
                since: stored.startsAt,
                firesIn: nil,
                value: nil,
                threshold: nil,
                summary: stored.summary ?? stored.alertname
            )
            record.origin = .alertmanager
            record.source = stored.source
            record.fingerprint = stored.fingerprint
            record.labels = stored.labels
            record.silencedBy = stored.silencedBy
            for id in stored.silencedBy {
                guard let silence = made[stored.source + "/" + id] else { continue }
                switch silence.kind {
                case .ack:
                    record.acknowledgedBy = silence.createdBy
                    record.acknowledgedAt = silence.startsAt
                case .silence:
                    record.silence = AlertSilence(silence)
                }
            }
            records.append(record)
        }
        return records
    }

    /// A `severity` label in llmdeck's two tiers: `critical`, `page`, `error`, `high` are critical;
    /// `warning`, `warn`, `medium` a warning; anything else (`info`, none) no severity.
    static func severity(_ label: String?) -> AlertSeverity? {
        switch label?.lowercased() {
        case "critical", "page", "error", "high": .critical
        case "warning", "warn", "medium": .warning
        default: nil
        }
    }
}

extension AlertSilence {
    /// A silence llmdeck made in an Alertmanager, as the Alerts pane and `:silences` show it.
    init(_ made: StoredAlertmanagerSilence) {
        self.init(
            id: made.id,
            ruleID: made.alertname,
            deployment: made.deployment,
            createdBy: made.createdBy,
            comment: made.comment,
            startsAt: made.startsAt,
            endsAt: made.endsAt,
            alertmanager: made.source
        )
    }
}
