import Analysis
import Fleet

/// Writes what `a`, `s` and `x` ask for through an `AlertLedger`, as one person, and says in a
/// sentence what happened.
///
/// Each write is one small transaction and the store waits at most its busy timeout for another
/// writer (the collector), so the run loop does it inline rather than on another thread.
public struct AlertActionWriter: Sendable {
    private let ledger: AlertLedger?
    private let reader: AlertReader?
    /// Who acts: `--actor`, else `$USER`.
    public let actor: String
    /// Why nothing can be written (the store would not open for writing); nil when writes work.
    public let refusal: String?
    /// Acts in the Alertmanagers of the configuration's sources; nil when it has none.
    private let silencer: AlertSilencer?

    /// Writes to `ledger`'s store; `rules` name the alerts `acknowledgeAll` reads; `silencer` acts
    /// on Alertmanager alerts and silences.
    public init(ledger: AlertLedger, rules: [AlertRuleSpec], actor: String, silencer: AlertSilencer? = nil) {
        self.ledger = ledger
        reader = AlertReader(store: ledger.store, rules: rules)
        self.actor = actor
        refusal = nil
        self.silencer = silencer
    }

    /// Writes nothing: every action is answered with `reason`.
    public init(refusing reason: String, actor: String) {
        ledger = nil
        reader = nil
        self.actor = actor
        refusal = reason
        silencer = nil
    }

    /// Does `action` at `now` (milliseconds since the Unix epoch); the message says what happened.
    public func perform(_ action: AlertAction, at now: Int64) -> ConsoleMessage {
        guard let ledger, let reader else {
            return .alertActionDone(text: "nothing written: " + (refusal ?? "no store to write to"), isError: true)
        }
        do throws(AlertActionError) {
            return .alertActionDone(text: try perform(action, ledger: ledger, reader: reader, now: now), isError: false)
        } catch {
            return .alertActionDone(text: error.description, isError: true)
        }
    }

    /// Does an action that talks to an Alertmanager (`isRemote`): a network call, so the console runs
    /// it off its UI thread; the message says what happened, in Alertmanager's words when it refused.
    public func performRemotely(_ action: AlertAction, at now: Int64) async -> ConsoleMessage {
        guard refusal == nil, let silencer else {
            let why = refusal ?? "the configuration has no alertmanager source to act in"
            return .alertActionDone(text: "nothing done: " + why, isError: true)
        }
        do throws(AlertActionError) {
            let text: String
            switch action {
            case .acknowledgeInAlertmanager(let alert, let comment):
                text = try await silencer.acknowledge(alert, comment: comment, now: now)
            case .silenceInAlertmanager(let alert, let duration, let comment):
                text = try await silencer.silence(alert, for: duration, comment: comment, now: now)
            case .expire(let silence):
                text = try await silencer.expire(silenceID: silence.id, source: silence.alertmanager, now: now)
            default:
                return perform(action, at: now)
            }
            return .alertActionDone(text: text, isError: false)
        } catch {
            return .alertActionDone(text: error.description, isError: true)
        }
    }

    private func perform(
        _ action: AlertAction,
        ledger: AlertLedger,
        reader: AlertReader,
        now: Int64
    ) throws(AlertActionError) -> String {
        switch action {
        case .acknowledge(let alert):
            try ledger.acknowledge(alert, actor: actor, at: now)
            return "acknowledged \(alert.ruleName) on \(alert.deployment) as \(actor)"
        case .acknowledgeAll(let deployment):
            let open: [AlertRecord]
            do {
                open = try reader.alerts(now: now).filter { $0.deployment == deployment && $0.isOpen }
            } catch {
                throw AlertActionError("not acknowledged: the alerts could not be read: \(error)")
            }
            let waiting = open.filter { !$0.isAcknowledged }
            guard !waiting.isEmpty else {
                if open.isEmpty { return "no open alerts on \(deployment)" }
                let who = Set(open.compactMap(\.acknowledgedBy)).sorted().joined(separator: ", ")
                return "the open alerts on \(deployment) are acknowledged already (\(who))"
            }
            for alert in waiting { try ledger.acknowledge(alert, actor: actor, at: now) }
            let rules = waiting.map(\.ruleID).joined(separator: ", ")
            let count = waiting.count == 1 ? "1 alert" : "\(waiting.count) alerts"
            return "acknowledged \(count) on \(deployment) as \(actor): \(rules)"
        case .silence(let ruleID, let deployment, let duration, let comment):
            let silence = try ledger.silence(
                ruleID: ruleID,
                deployment: deployment,
                duration: duration,
                comment: comment,
                actor: actor,
                at: now
            )
            return
                "silenced \(ruleID) on \(deployment) until \(ValueFormat.clock(silence.endsAt, now: now)) as \(actor)"
        case .expire(let silence):
            try ledger.expire(silence, actor: actor, at: now)
            return "expired the silence of \(SilencesView.matchers(silence)) (set by \(silence.createdBy))"
        case .pinBaseline(let deployment, let pinned):
            try ledger.pinBaseline(deployment, pinned: pinned, actor: actor, at: now)
            return pinned
                ? "drift baseline of \(deployment) pinned to the window ending now, as \(actor)"
                : "drift baseline of \(deployment) back to the default (the deploy, else the previous 24 h), as \(actor)"
        case .acknowledgeInAlertmanager, .silenceInAlertmanager:
            throw AlertActionError("an Alertmanager alert is acted on in its Alertmanager, not in the store")
        }
    }
}
