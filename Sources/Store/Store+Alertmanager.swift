import Foundation
import GRDB
import Vocabulary

/// One alert an Alertmanager held at the last read of its source: what the Alerts pane and
/// `llmdeck alerts` show beside llmdeck's own.
public struct StoredAlertmanagerAlert: Sendable, Equatable {
    /// The `alertmanager` source's name.
    public var source: String
    /// Alertmanager's identity of the label set.
    public var fingerprint: String
    /// The `alertname` label ("" when it has none).
    public var alertname: String
    /// The value of the source's `deployment_label`; nil when the alert has no such label.
    public var deployment: String?
    /// The `severity` label as written (`critical`, `page`, `warning`…).
    public var severity: String?
    /// The `summary` annotation, else `description`.
    public var summary: String?
    /// `unprocessed`, `active` or `suppressed`.
    public var state: String
    /// Milliseconds since the Unix epoch.
    public var startsAt: Int64?
    public var endsAt: Int64?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Ids of the silences muting it.
    public var silencedBy: [String]
    /// Fingerprints of the alerts inhibiting it.
    public var inhibitedBy: [String]
    public var generatorURL: String?

    public init(
        source: String,
        fingerprint: String,
        alertname: String,
        deployment: String?,
        severity: String?,
        summary: String?,
        state: String,
        startsAt: Int64?,
        endsAt: Int64?,
        labels: [String: String],
        annotations: [String: String] = [:],
        silencedBy: [String] = [],
        inhibitedBy: [String] = [],
        generatorURL: String? = nil
    ) {
        self.source = source
        self.fingerprint = fingerprint
        self.alertname = alertname
        self.deployment = deployment
        self.severity = severity
        self.summary = summary
        self.state = state
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.labels = labels
        self.annotations = annotations
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
        self.generatorURL = generatorURL
    }
}

/// How the last reads of an Alertmanager went: what `llmdeck alerts` reports when one is unreachable.
public struct AlertmanagerSourceStatus: Sendable, Equatable {
    public var source: String
    /// The URL read, credentials removed.
    public var url: String
    /// Milliseconds since the Unix epoch of the last attempt.
    public var checkedAt: Int64
    /// Of the last successful read; nil before the first.
    public var readAt: Int64?
    /// Why the last attempt failed; nil when it worked.
    public var error: String?

    public init(source: String, url: String, checkedAt: Int64, readAt: Int64?, error: String?) {
        self.source = source
        self.url = url
        self.checkedAt = checkedAt
        self.readAt = readAt
        self.error = error
    }
}

/// A silence llmdeck made in an Alertmanager for one alert: `ack` (until the alert resolves; the
/// poller expires it then) or `silence` (for a duration).
public struct StoredAlertmanagerSilence: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case ack
        case silence
    }

    /// Alertmanager's silence id.
    public var id: String
    public var source: String
    /// The alert it was made for.
    public var fingerprint: String
    public var alertname: String
    public var deployment: String?
    public var kind: Kind
    public var createdBy: String
    public var comment: String
    /// Milliseconds since the Unix epoch.
    public var startsAt: Int64
    public var endsAt: Int64
    /// When llmdeck expired it (or found it expired); nil while it stands.
    public var expiredAt: Int64?

    public init(
        id: String,
        source: String,
        fingerprint: String,
        alertname: String,
        deployment: String?,
        kind: Kind,
        createdBy: String,
        comment: String,
        startsAt: Int64,
        endsAt: Int64,
        expiredAt: Int64? = nil
    ) {
        self.id = id
        self.source = source
        self.fingerprint = fingerprint
        self.alertname = alertname
        self.deployment = deployment
        self.kind = kind
        self.createdBy = createdBy
        self.comment = comment
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.expiredAt = expiredAt
    }

    /// Standing at `time`: not expired by llmdeck, and before its end.
    public func isActive(at time: Int64) -> Bool { expiredAt == nil && time < endsAt }
}

extension Store {
    /// Replaces every alert of `source` with `alerts` (a read of the whole Alertmanager) and records
    /// the read as successful, in one transaction.
    public func replaceAlertmanagerAlerts(
        _ alerts: [StoredAlertmanagerAlert],
        source: String,
        url: String,
        at time: Int64
    ) throws(StoreError) {
        try requireWritable("save Alertmanager alerts")
        try perform("save Alertmanager alerts") {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM alertmanager_alerts WHERE source = ?", arguments: [source])
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT OR REPLACE INTO alertmanager_alerts(source, fingerprint, alertname, deployment, severity,
                            summary, state, starts_at, ends_at, labels, annotations, silenced_by, inhibited_by,
                            generator_url)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                )
                for alert in alerts {
                    try insert.execute(arguments: [
                        source, alert.fingerprint, alert.alertname, alert.deployment, alert.severity, alert.summary,
                        alert.state, alert.startsAt, alert.endsAt, Self.jsonText(alert.labels),
                        Self.jsonText(alert.annotations), Self.jsonText(alert.silencedBy),
                        Self.jsonText(alert.inhibitedBy), alert.generatorURL,
                    ])
                }
                try Self.upsertStatus(source: source, url: url, at: time, error: nil, db)
            }
        }
    }

    /// Records a failed read of `source` (its alerts of the last good read are kept, and shown as such).
    public func recordAlertmanagerFailure(
        source: String,
        url: String,
        error: String,
        at time: Int64
    )
        throws(StoreError)
    {
        try requireWritable("save Alertmanager status")
        try perform("save Alertmanager status") {
            try pool.write { db in try Self.upsertStatus(source: source, url: url, at: time, error: error, db) }
        }
    }

    /// Saves a silence llmdeck made (or its expiry) and its event.
    public func saveAlertmanagerSilence(_ silence: StoredAlertmanagerSilence, event: EventRecord) throws(StoreError) {
        try requireWritable("save Alertmanager silence")
        try perform("save Alertmanager silence") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO alertmanager_silences(source, id, fingerprint, alertname, deployment,
                            kind, created_by, comment, starts_at, ends_at, expired_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        silence.source, silence.id, silence.fingerprint, silence.alertname, silence.deployment,
                        silence.kind.rawValue, silence.createdBy, silence.comment, silence.startsAt, silence.endsAt,
                        silence.expiredAt,
                    ]
                )
                try Self.insert([event], db)
            }
        }
    }

    private static func upsertStatus(
        source: String,
        url: String,
        at time: Int64,
        error: String?,
        _ db: Database
    )
        throws
    {
        try db.execute(
            sql: """
                INSERT INTO alertmanager_sources(source, url, checked_at, read_at, error) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(source) DO UPDATE SET url = excluded.url, checked_at = excluded.checked_at,
                    read_at = COALESCE(excluded.read_at, read_at), error = excluded.error
                """,
            arguments: [source, url, time, error == nil ? time : nil, error]
        )
    }

    private static func jsonText(_ labels: [String: String]) -> String {
        JSONValue.object(labels.mapValues { .string($0) }).text
    }

    private static func jsonText(_ values: [String]) -> String {
        JSONValue.array(values.map { .string($0) }).text
    }
}

extension StoreView {
    /// The alerts of every Alertmanager source at its last good read, by source and fingerprint.
    public func alertmanagerAlerts() throws -> [StoredAlertmanagerAlert] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT source, fingerprint, alertname, deployment, severity, summary, state, starts_at, ends_at,
                        labels, annotations, silenced_by, inhibited_by, generator_url
                    FROM alertmanager_alerts ORDER BY source, fingerprint
                    """
            )
        ).map { row in
            StoredAlertmanagerAlert(
                source: try row.decode(atIndex: 0),
                fingerprint: try row.decode(atIndex: 1),
                alertname: try row.decode(atIndex: 2),
                deployment: try row.decode(atIndex: 3),
                severity: try row.decode(atIndex: 4),
                summary: try row.decode(atIndex: 5),
                state: try row.decode(atIndex: 6),
                startsAt: try row.decode(atIndex: 7),
                endsAt: try row.decode(atIndex: 8),
                labels: Self.labels(try row.decode(atIndex: 9)),
                annotations: Self.labels(try row.decode(atIndex: 10)),
                silencedBy: Self.strings(try row.decode(atIndex: 11)),
                inhibitedBy: Self.strings(try row.decode(atIndex: 12)),
                generatorURL: try row.decode(atIndex: 13)
            )
        }
    }

    /// How the last read of each Alertmanager source went, by name.
    public func alertmanagerSources() throws -> [AlertmanagerSourceStatus] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT source, url, checked_at, read_at, error FROM alertmanager_sources ORDER BY source"
            )
        ).map { row in
            AlertmanagerSourceStatus(
                source: try row.decode(atIndex: 0),
                url: try row.decode(atIndex: 1),
                checkedAt: try row.decode(atIndex: 2),
                readAt: try row.decode(atIndex: 3),
                error: try row.decode(atIndex: 4)
            )
        }
    }

    /// The silences llmdeck made in Alertmanagers, oldest first; expired ones only when asked.
    public func alertmanagerSilences(includingExpired: Bool = false) throws -> [StoredAlertmanagerSilence] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT source, id, fingerprint, alertname, deployment, kind, created_by, comment, starts_at,
                        ends_at, expired_at
                    FROM alertmanager_silences WHERE ? OR expired_at IS NULL ORDER BY starts_at, source, id
                    """
            ),
            arguments: [includingExpired]
        ).map { row in
            let kind: String = try row.decode(atIndex: 5)
            return StoredAlertmanagerSilence(
                id: try row.decode(atIndex: 1),
                source: try row.decode(atIndex: 0),
                fingerprint: try row.decode(atIndex: 2),
                alertname: try row.decode(atIndex: 3),
                deployment: try row.decode(atIndex: 4),
                kind: StoredAlertmanagerSilence.Kind(rawValue: kind) ?? .silence,
                createdBy: try row.decode(atIndex: 6),
                comment: try row.decode(atIndex: 7),
                startsAt: try row.decode(atIndex: 8),
                endsAt: try row.decode(atIndex: 9),
                expiredAt: try row.decode(atIndex: 10)
            )
        }
    }

    /// A JSON object of strings as written by `replaceAlertmanagerAlerts`; empty when it does not read.
    private static func labels(_ text: String) -> [String: String] {
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return (object ?? [:]).compactMapValues { $0 as? String }
    }

    private static func strings(_ text: String) -> [String] {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] ?? []).compactMap { $0 as? String }
    }
}
