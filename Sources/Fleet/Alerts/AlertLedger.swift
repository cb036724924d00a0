import Analysis
import Foundation
import Store

/// Acknowledgements and silences, written to the store with an event each (who, when, why):
/// what `a`, `s` and `:silences` do. The collecting process's evaluator reads them; nothing here
/// changes an alert's state.
public struct AlertLedger: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Longest silence accepted: longer is a typo, not a plan.
    public static let longestSilence: Int64 = 30 * 86_400_000

    /// Acknowledges `alert` as `actor`: it stays acknowledged until it resolves.
    public func acknowledge(_ alert: AlertRecord, actor: String, at time: Int64) throws(AlertActionError) {
        guard alert.isOpen else {
            throw AlertActionError(
                "\(alert.id) is \(alert.phase.rawValue): only a firing or pending alert is acknowledged"
            )
        }
        let actor = try Self.actor(actor)
        do {
            try store.acknowledge(
                StoredAcknowledgement(ruleID: alert.ruleID, deployment: alert.deployment, actor: actor, at: time),
                event: EventRecord(
                    ts: time,
                    kind: "ack",
                    target: alert.deployment,
                    detail: "\(alert.ruleID) by \(actor)"
                )
            )
        } catch {
            throw AlertActionError("not acknowledged: \(error)")
        }
    }

    /// Silences `ruleID` on `deployment` (either may be nil for all, not both) for `duration`
    /// milliseconds from `time`, as `actor`, because of `comment` (required).
    @discardableResult
    public func silence(
        ruleID: String?,
        deployment: String?,
        duration: Int64,
        comment: String,
        actor: String,
        at time: Int64
    ) throws(AlertActionError) -> AlertSilence {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else { throw AlertActionError("a silence needs a comment: say why") }
        guard ruleID != nil || deployment != nil else {
            throw AlertActionError("a silence names a rule, a deployment or both")
        }
        guard duration > 0, duration <= Self.longestSilence else {
            throw AlertActionError("a silence lasts more than 0 and at most 30 days")
        }
        let silence = AlertSilence(
            id: UUID().uuidString.lowercased(),
            ruleID: ruleID,
            deployment: deployment,
            createdBy: try Self.actor(actor),
            comment: comment,
            startsAt: time,
            endsAt: time + duration
        )
        try save(silence, kind: "silence", at: time)
        return silence
    }

    /// Ends `silence` now (`:silences` → expire).
    public func expire(_ silence: AlertSilence, actor: String, at time: Int64) throws(AlertActionError) {
        var expired = silence
        expired.expire(at: time)
        _ = try Self.actor(actor)
        try save(expired, kind: "silence-expired", at: time, by: actor)
    }

    /// Pins `deployment`'s drift baseline to the window ending now (`:baseline pin`), or, with
    /// `pinned` false, returns it to the default (`:baseline reset`): an event the evaluator reads.
    public func pinBaseline(
        _ deployment: String,
        pinned: Bool = true,
        actor: String,
        at time: Int64
    ) throws(AlertActionError) {
        let actor = try Self.actor(actor)
        let event = EventRecord(
            ts: time,
            kind: pinned ? DriftBaselineEvent.pin : DriftBaselineEvent.reset,
            target: deployment,
            detail: "drift baseline \(pinned ? "pinned" : "reset") by \(actor)"
        )
        do {
            try store.write(StoreBatch(events: [event]))
        } catch {
            throw AlertActionError("baseline not \(pinned ? "pinned" : "reset"): \(error)")
        }
    }

    private func save(
        _ silence: AlertSilence,
        kind: String,
        at time: Int64,
        by actor: String? = nil
    ) throws(AlertActionError) {
        let what = [silence.ruleID ?? "every rule", silence.deployment ?? "every deployment"].joined(separator: " on ")
        let detail = "\(what) until \(silence.endsAt) by \(actor ?? silence.createdBy): \(silence.comment)"
        do {
            try store.save(
                silence,
                event: EventRecord(ts: time, kind: kind, target: silence.deployment, detail: detail)
            )
        } catch {
            throw AlertActionError("silence not saved: \(error)")
        }
    }

    private static func actor(_ actor: String) throws(AlertActionError) -> String {
        let trimmed = actor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw AlertActionError("who acts is unknown: set $USER or pass --actor") }
        return trimmed
    }
}

/// An acknowledgement or silence refused, in words.
public struct AlertActionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The event kinds `:baseline pin` and `:baseline reset` write.
public enum DriftBaselineEvent {
    public static let pin = "baseline-pin"
    public static let reset = "baseline-reset"
}
