import Analysis
import Foundation
import PrometheusSource
import Store
import Vocabulary

/// Acknowledges and silences alerts, and expires silences, as one person, for `llmdeck alerts` and
/// `llmdeck silences` and the console: llmdeck's own alerts through ``AlertLedger`` (the store), an
/// Alertmanager's through a real silence in it (`POST /api/v2/silences`, matchers = the alert's
/// labels, `createdBy` the actor). Every attempt, done or failed, is audited.
///
/// An acknowledgement of an Alertmanager alert is a silence ending in a year, which
/// ``AlertmanagerPoller`` expires once the alert resolved. Each call waits for the network: call it
/// off a UI thread.
public struct AlertSilencer: Sendable {
    public let store: Store
    public let endpoints: [AlertmanagerEndpoint]
    /// Who acts (`--actor`, else `$USER`): the `createdBy` of silences, the actor of audit rows.
    public let actor: String

    /// How long an acknowledgement's silence is made for: until llmdeck expires it when the alert
    /// resolves, with a year's bound should llmdeck stop running.
    public static let acknowledgementLength: Int64 = 365 * 86_400_000

    public init(store: Store, endpoints: [AlertmanagerEndpoint], actor: String) {
        self.store = store
        self.endpoints = endpoints
        self.actor = actor.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The alert `name` names among `alerts`: its id as `llmdeck alerts --json` prints it (a
    /// fingerprint, or `<rule>/<deployment>`), or `<alertname>/<deployment>` of an Alertmanager alert
    /// when only one matches; `source` narrows to one source's alerts.
    public static func alert(
        named name: String,
        source: String? = nil,
        in alerts: [AlertRecord]
    ) throws(AlertActionError) -> AlertRecord {
        let candidates = alerts.filter { source == nil || $0.source == source }
        let byID = candidates.filter { $0.id == name }
        let matches = byID.isEmpty ? candidates.filter { "\($0.ruleID)/\($0.deployment)" == name } : byID
        guard let first = matches.first else {
            throw AlertActionError(
                "no open alert named \(TextSanitizer.sanitize(name))"
                    + (source.map { " from source \(TextSanitizer.sanitize($0))" } ?? "")
                    + "; `llmdeck alerts --json` prints each one's id"
            )
        }
        guard matches.count == 1 else {
            let ids = matches.map { "\($0.id) (\($0.source))" }.joined(separator: ", ")
            throw AlertActionError("\(TextSanitizer.sanitize(name)) names \(matches.count) alerts: \(ids); give an id")
        }
        return first
    }

    /// Acknowledges `alert` because of `comment` (required): "I'm on it", until it resolves.
    public func acknowledge(
        _ alert: AlertRecord,
        comment: String,
        now: Int64
    ) async throws(AlertActionError)
        -> String
    {
        let comment = try Self.required(comment)
        let actor = try requiredActor()
        guard alert.isOpen else {
            throw AlertActionError(
                "\(alert.id) is \(alert.phase.rawValue): only a firing or pending alert is acknowledged"
            )
        }
        if let who = alert.acknowledgedBy {
            throw AlertActionError("\(describe(alert)) is acknowledged already, by \(who)")
        }
        guard alert.origin == .alertmanager else {
            let outcome = Result { () throws(AlertActionError) in
                try AlertLedger(store: store).acknowledge(alert, actor: actor, at: now)
            }
            audit("ack", alert, reason: comment, request: "acknowledge in the store", outcome, now: now)
            try outcome.get()
            return "acknowledged \(describe(alert)) as \(actor)"
        }
        let id = try await createSilence(
            .ack,
            of: alert,
            until: now + Self.acknowledgementLength,
            comment: comment,
            now: now
        )
        return "acknowledged \(describe(alert)) as \(actor): Alertmanager silence \(id), expired when it resolves"
    }

    /// Silences `alert` for `duration` milliseconds from `now` because of `comment` (required).
    public func silence(
        _ alert: AlertRecord,
        for duration: Int64,
        comment: String,
        now: Int64
    ) async throws(AlertActionError) -> String {
        let comment = try Self.required(comment)
        let actor = try requiredActor()
        guard duration > 0, duration <= AlertLedger.longestSilence else {
            throw AlertActionError("a silence lasts more than 0 and at most 30 days")
        }
        let until = UTCTime.iso8601(milliseconds: now + duration)
        guard alert.origin == .alertmanager else {
            let outcome = Result { () throws(AlertActionError) in
                try AlertLedger(store: store).silence(
                    ruleID: alert.ruleID,
                    deployment: alert.deployment,
                    duration: duration,
                    comment: comment,
                    actor: actor,
                    at: now
                )
            }
            let request = "silence \(alert.ruleID) on \(alert.deployment) until \(until) in the store"
            audit("silence", alert, reason: comment, request: request, outcome.map { _ in () }, now: now)
            let silence = try outcome.get()
            return "silenced \(describe(alert)) until \(until) as \(actor) (silence \(silence.id))"
        }
        let id = try await createSilence(.silence, of: alert, until: now + duration, comment: comment, now: now)
        return "silenced \(describe(alert)) until \(until) as \(actor): Alertmanager silence \(id)"
    }

    // MARK: - Alertmanager silences

    private func createSilence(
        _ kind: StoredAlertmanagerSilence.Kind,
        of alert: AlertRecord,
        until endsAt: Int64,
        comment: String,
        now: Int64
    ) async throws(AlertActionError) -> String {
        let endpoint = try endpoint(alert.source)
        let matchers = AlertmanagerMatcher.matching(alert.labels)
        let request =
            "POST \(endpoint.redactedURL)/api/v2/silences matchers {"
            + matchers.map(\.text).joined(separator: ", ") + "} until " + UTCTime.iso8601(milliseconds: endsAt)
        let id: String
        do throws(AlertmanagerError) {
            id = try await endpoint.api.createSilence(
                matchers: matchers,
                startsAt: Self.date(now),
                endsAt: Self.date(endsAt),
                createdBy: actor,
                comment: comment
            )
        } catch {
            let failure = AlertActionError("not \(kind == .ack ? "acknowledged" : "silenced"): \(error.message)")
            audit(kind.rawValue, alert, reason: comment, request: request, .failure(failure), now: now)
            throw failure
        }
        let silence = StoredAlertmanagerSilence(
            id: id,
            source: endpoint.config.name,
            fingerprint: alert.fingerprint ?? "",
            alertname: alert.ruleID,
            deployment: alert.deployment.isEmpty ? nil : alert.deployment,
            kind: kind,
            createdBy: actor,
            comment: comment,
            startsAt: now,
            endsAt: endsAt
        )
        let saved = Result { () throws(AlertActionError) in
            do {
                try store.saveAlertmanagerSilence(
                    silence,
                    event: EventRecord(
                        ts: now,
                        kind: kind.rawValue,
                        target: silence.deployment,
                        detail: "\(alert.ruleID) in \(endpoint.config.name) by \(actor): \(comment)"
                    )
                )
            } catch {
                throw AlertActionError(
                    "Alertmanager silence \(id) was made, but the store did not record it (so llmdeck will not "
                        + "expire it when the alert resolves; expire it with `llmdeck silences expire \(id)`): \(error)"
                )
            }
        }
        audit(kind.rawValue, alert, reason: comment, request: request, saved, output: id, now: now)
        try saved.get()
        return id
    }

    func endpoint(_ source: String) throws(AlertActionError) -> AlertmanagerEndpoint {
        guard let endpoint = endpoints.first(where: { $0.config.name == source }) else {
            throw AlertActionError(
                "the alertmanager source \(TextSanitizer.sanitize(source)) is not in the configuration; "
                    + "pass the --config the collecting process runs with"
            )
        }
        return endpoint
    }

    // MARK: - Pieces

    /// Appends an audit row about `alert` (subject `<rule>/<deployment>`, or `<source>:<alertname>/<deployment>`
    /// for an Alertmanager's); a store that refuses it leaves the action's outcome standing.
    func audit(
        _ action: String,
        _ alert: AlertRecord,
        reason: String,
        request: String,
        _ outcome: Result<Void, AlertActionError>,
        output: String? = nil,
        now: Int64
    ) {
        let subject =
            alert.origin == .alertmanager ? "\(alert.source):\(alert.ruleID)/\(alert.deployment)" : alert.id
        audit(action, subject: subject, reason: reason, request: request, outcome, output: output, now: now)
    }

    func audit(
        _ action: String,
        subject: String,
        reason: String,
        request: String,
        _ outcome: Result<Void, AlertActionError>,
        output: String? = nil,
        now: Int64
    ) {
        var failure: String?
        if case .failure(let error) = outcome { failure = error.description }
        _ = try? store.appendAudit(
            AuditEntry(
                time: now,
                actor: actor.isEmpty ? "unknown" : actor,
                action: action,
                subjectKind: "alert",
                subject: subject,
                reason: reason,
                request: request,
                outcome: failure == nil ? "done" : "failed",
                output: failure ?? output
            )
        )
    }

    func requiredActor() throws(AlertActionError) -> String {
        guard !actor.isEmpty else { throw AlertActionError("who acts is unknown: set $USER or pass --actor") }
        return actor
    }

    static func required(_ comment: String) throws(AlertActionError) -> String {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else { throw AlertActionError("a comment is required: say why") }
        return comment
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    private func describe(_ alert: AlertRecord) -> String {
        let deployment = alert.deployment.isEmpty ? "" : " on \(alert.deployment)"
        let source = alert.origin == .alertmanager ? " (\(alert.source))" : ""
        return TextSanitizer.sanitize(alert.ruleName + deployment + source)
    }
}
