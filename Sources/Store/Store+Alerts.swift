import Analysis
import Foundation
import GRDB

/// One alert's state as the evaluator saved it: the rule, the deployment, its phase in words
/// (for a reader that only filters) and the evaluator's own encoding of the whole state.
public struct StoredAlert: Sendable, Equatable {
    public var ruleID: String
    public var deployment: String
    /// `inactive`, `pending`, `firing` or `resolved`.
    public var phase: String
    /// Milliseconds since the Unix epoch of the evaluation that wrote it.
    public var updatedAt: Int64
    public var state: Data

    public init(ruleID: String, deployment: String, phase: String, updatedAt: Int64, state: Data) {
        self.ruleID = ruleID
        self.deployment = deployment
        self.phase = phase
        self.updatedAt = updatedAt
        self.state = state
    }
}

/// "I'm on it": who acknowledged an alert and when. It covers the alert's episode that was open
/// then (a reader compares `at` with when the episode began).
public struct StoredAcknowledgement: Sendable, Equatable {
    public var ruleID: String
    public var deployment: String
    public var actor: String
    public var at: Int64

    public init(ruleID: String, deployment: String, actor: String, at: Int64) {
        self.ruleID = ruleID
        self.deployment = deployment
        self.actor = actor
        self.at = at
    }
}

extension Store {
    /// Saves alert states (replacing those of the same rule and deployment), deletes those of
    /// `removed`, and appends `events` (the transitions), in one transaction.
    public func saveAlerts(
        _ alerts: [StoredAlert],
        removed: [(ruleID: String, deployment: String)] = [],
        events: [EventRecord]
    ) throws(StoreError) {
        try requireWritable("save alerts")
        try perform("save alerts") {
            try pool.write { db in
                let upsert = try db.cachedStatement(
                    sql: """
                        INSERT INTO alert_states(rule_id, deployment, phase, updated_at, state) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(rule_id, deployment) DO UPDATE SET
                            phase = excluded.phase, updated_at = excluded.updated_at, state = excluded.state
                        """
                )
                for alert in alerts {
                    try upsert.execute(
                        arguments: [alert.ruleID, alert.deployment, alert.phase, alert.updatedAt, alert.state]
                    )
                }
                let delete = try db.cachedStatement(
                    sql: "DELETE FROM alert_states WHERE rule_id = ? AND deployment = ?"
                )
                for key in removed { try delete.execute(arguments: [key.ruleID, key.deployment]) }
                try Self.insert(events, db)
            }
        }
    }

    /// Records an acknowledgement (replacing an older one of the same alert) and its event.
    public func acknowledge(_ acknowledgement: StoredAcknowledgement, event: EventRecord) throws(StoreError) {
        try requireWritable("acknowledge")
        try perform("acknowledge") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO alert_acknowledgements(rule_id, deployment, actor, at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(rule_id, deployment) DO UPDATE SET actor = excluded.actor, at = excluded.at
                        """,
                    arguments: [
                        acknowledgement.ruleID, acknowledgement.deployment, acknowledgement.actor, acknowledgement.at,
                    ]
                )
                try Self.insert([event], db)
            }
        }
    }

    /// Saves a silence (a new one, or an existing one changed, e.g. expired by moving `endsAt`
    /// to now) and its event.
    public func save(_ silence: AlertSilence, event: EventRecord) throws(StoreError) {
        try requireWritable("save silence")
        try perform("save silence") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO silences(id, rule_id, deployment, created_by, comment, starts_at, ends_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET
                            rule_id = excluded.rule_id, deployment = excluded.deployment,
                            created_by = excluded.created_by, comment = excluded.comment,
                            starts_at = excluded.starts_at, ends_at = excluded.ends_at
                        """,
                    arguments: [
                        silence.id, silence.ruleID, silence.deployment, silence.createdBy, silence.comment,
                        silence.startsAt, silence.endsAt,
                    ]
                )
                try Self.insert([event], db)
            }
        }
    }

    static func insert(_ events: [EventRecord], _ db: Database) throws {
        if events.isEmpty { return }
        let statement = try db.cachedStatement(sql: "INSERT INTO events(ts, kind, target, detail) VALUES (?, ?, ?, ?)")
        for event in events {
            try statement.execute(arguments: [event.ts, event.kind, event.target, event.detail])
        }
    }
}

extension StoreView {
    /// Every saved alert state.
    public func alerts() throws -> [StoredAlert] {
        try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT rule_id, deployment, phase, updated_at, state FROM alert_states ORDER BY rule_id, deployment"
            )
        ).map { StoredAlert(ruleID: $0[0], deployment: $0[1], phase: $0[2], updatedAt: $0[3], state: $0[4]) }
    }

    /// The newest acknowledgement of each alert.
    public func acknowledgements() throws -> [StoredAcknowledgement] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT rule_id, deployment, actor, at FROM alert_acknowledgements")
        ).map { StoredAcknowledgement(ruleID: $0[0], deployment: $0[1], actor: $0[2], at: $0[3]) }
    }

    /// Silences ending at or after `endingFrom` (expired ones before it are left out), oldest first.
    public func silences(endingFrom: Int64 = .min) throws -> [AlertSilence] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT id, rule_id, deployment, created_by, comment, starts_at, ends_at FROM silences
                    WHERE ends_at >= ? ORDER BY starts_at, id
                    """
            ),
            arguments: [endingFrom]
        ).map {
            AlertSilence(
                id: $0[0],
                ruleID: $0[1],
                deployment: $0[2],
                createdBy: $0[3],
                comment: $0[4],
                startsAt: $0[5],
                endsAt: $0[6]
            )
        }
    }

    /// Events of `kinds` at or after `from`, oldest first (every target).
    public func events(kinds: [String], from: Int64) throws -> [EventRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT ts, kind, target, detail FROM events
                    WHERE ts >= ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY ts, id
                    """
            ),
            arguments: [from, WindowReader.jsonText(kinds)]
        ).map { EventRecord(ts: $0[0], kind: $0[1], target: $0[2], detail: $0[3]) }
    }
}
