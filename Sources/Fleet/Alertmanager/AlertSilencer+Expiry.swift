import Analysis
import Foundation
import PrometheusSource
import Store
import Vocabulary

/// The silences standing now, wherever they are: what `llmdeck silences` and `:silences` list.
public struct SilenceListing: Sendable {
    /// One silence an Alertmanager holds (active or pending).
    public struct Entry: Sendable {
        public var source: String
        public var silence: AlertmanagerSilence
        /// llmdeck's record of it when llmdeck made it (ack or silence, for which alert).
        public var madeByLlmdeck: StoredAlertmanagerSilence?
    }

    /// llmdeck's silences of its own alerts, soonest to end first.
    public var own: [AlertSilence] = []
    /// Alertmanagers' silences, by source, soonest to end first.
    public var alertmanager: [Entry] = []
    /// Why a source's silences are missing (it could not be read).
    public var problems: [String] = []
}

extension AlertSilencer {
    /// Every standing silence: llmdeck's from the store, each Alertmanager's read now.
    public func silences(now: Int64) async -> SilenceListing {
        var listing = SilenceListing()
        let made: [StoredAlertmanagerSilence]
        do {
            listing.own = try AlertReader(store: store).silences(now: now)
            made = try store.read { view in try view.alertmanagerSilences(includingExpired: true) }
        } catch {
            listing.problems.append("the store could not be read: \(error)")
            made = []
        }
        for endpoint in endpoints {
            do throws(AlertmanagerError) {
                let standing = try await endpoint.api.silences().filter { !$0.isExpired }
                listing.alertmanager += standing.sorted { ($0.endsAt, $0.id) < ($1.endsAt, $1.id) }.map { silence in
                    SilenceListing.Entry(
                        source: endpoint.config.name,
                        silence: silence,
                        madeByLlmdeck: made.first { $0.source == endpoint.config.name && $0.id == silence.id }
                    )
                }
            } catch {
                listing.problems.append("\(endpoint.config.name): \(error.message)")
            }
        }
        return listing
    }

    /// Expires the silence `id`: one of llmdeck's own, else one in an Alertmanager (`source`, else the one
    /// llmdeck made it in, else whichever source holds it).
    public func expire(
        silenceID id: String,
        source: String? = nil,
        now: Int64
    ) async throws(AlertActionError)
        -> String
    {
        let actor = try requiredActor()
        let own: AlertSilence?
        let made: StoredAlertmanagerSilence?
        do {
            own = try store.read { view in try view.silences() }.first { $0.id == id }
            made = try store.read { view in try view.alertmanagerSilences(includingExpired: true) }.first {
                $0.id == id && (source == nil || $0.source == source)
            }
        } catch {
            throw AlertActionError("the store could not be read: \(error)")
        }
        if let own, source == nil {
            let outcome = Result { () throws(AlertActionError) in
                try AlertLedger(store: store).expire(own, actor: actor, at: now)
            }
            let subject = [own.ruleID ?? "*", own.deployment ?? "*"].joined(separator: "/")
            audit(
                "silence-expire",
                subject: subject,
                reason: own.comment,
                request: "expire \(id) in the store",
                outcome,
                now: now
            )
            try outcome.get()
            return "expired llmdeck's silence \(id) of \(subject) (set by \(own.createdBy))"
        }
        let endpoint = try await holder(of: id, source: source ?? made?.source)
        return try await expire(id, in: endpoint, made: made, reason: "expired by \(actor)", now: now)
    }

    /// Expires the acknowledgements llmdeck made in `endpoint` whose alert is no longer among `firing`
    /// (fingerprints of its alerts just read), as the poller does after each read; returns what failed.
    func expireResolvedAcknowledgements(
        in endpoint: AlertmanagerEndpoint,
        firing: Set<String>,
        now: Int64
    ) async
        -> [String]
    {
        let standing: [StoredAlertmanagerSilence]
        do {
            standing = try store.read { view in try view.alertmanagerSilences() }
        } catch {
            return ["acknowledgements not checked: \(error)"]
        }
        var problems: [String] = []
        for ack in standing
        where ack.kind == .ack && ack.source == endpoint.config.name && !firing.contains(ack.fingerprint) {
            do throws(AlertActionError) {
                _ = try await expire(ack.id, in: endpoint, made: ack, reason: "the alert resolved", now: now)
            } catch {
                problems.append(error.description)
            }
        }
        return problems
    }

    /// `DELETE /api/v2/silence/{id}` in `endpoint`; a silence Alertmanager no longer knows counts as
    /// expired. Records the expiry of llmdeck's own record and audits.
    private func expire(
        _ id: String,
        in endpoint: AlertmanagerEndpoint,
        made: StoredAlertmanagerSilence?,
        reason: String,
        now: Int64
    ) async throws(AlertActionError) -> String {
        let request = "DELETE \(endpoint.redactedURL)/api/v2/silence/\(id)"
        let subject =
            made.map { "\($0.source):\($0.alertname)/\($0.deployment ?? "")" } ?? "\(endpoint.config.name):\(id)"
        let action = made?.kind == .ack ? "ack-expire" : "silence-expire"
        var outcome: Result<Void, AlertActionError> = .success(())
        do throws(AlertmanagerError) {
            try await endpoint.api.expireSilence(id: id)
        } catch  where error.kind == .notFound && made != nil {
            // Gone already (expired and dropped, or deleted elsewhere): nothing stands to expire.
        } catch {
            outcome = .failure(AlertActionError("silence \(id) not expired: \(error.message)"))
        }
        if case .success = outcome, var made {
            made.expiredAt = now
            do {
                try store.saveAlertmanagerSilence(
                    made,
                    event: EventRecord(
                        ts: now,
                        kind: "silence-expired",
                        target: made.deployment,
                        detail: "\(made.alertname) in \(made.source): \(reason)"
                    )
                )
            } catch {
                outcome = .failure(AlertActionError("silence \(id) expired, but the store did not record it: \(error)"))
            }
        }
        audit(action, subject: subject, reason: reason, request: request, outcome, output: id, now: now)
        try outcome.get()
        return "expired Alertmanager silence \(id) in \(endpoint.config.name)"
            + (made.map { " (\($0.alertname))" } ?? "")
    }

    /// The source holding silence `id`: `source` when given, else the only one, else the first whose
    /// silences include it.
    private func holder(of id: String, source: String?) async throws(AlertActionError) -> AlertmanagerEndpoint {
        if let source { return try endpoint(source) }
        if endpoints.count == 1, let only = endpoints.first { return only }
        for endpoint in endpoints {
            if let silences = try? await endpoint.api.silences(), silences.contains(where: { $0.id == id }) {
                return endpoint
            }
        }
        throw AlertActionError(
            "no silence \(TextSanitizer.sanitize(id)) in llmdeck's store or any configured Alertmanager; "
                + "`llmdeck silences` lists them"
        )
    }
}
