import Analysis
import Fleet

/// A write to the store that a key asks for (`a`, `s`, `x`): the reducer names it in an effect,
/// `AlertActionWriter` does it and says what happened.
public enum AlertAction: Sendable, Equatable {
    /// `a` on an alert of the Alerts pane.
    case acknowledge(AlertRecord)
    /// `a` on a Fleet row: every open alert of the deployment not acknowledged yet.
    case acknowledgeAll(deployment: String)
    /// The `s` prompt's outcome: the rule muted on the deployment for `duration` milliseconds.
    case silence(ruleID: String, deployment: String, duration: Int64, comment: String)
    /// `x` in `:silences`: the silence ends now.
    case expire(AlertSilence)
    /// `:baseline pin` / `:baseline reset` on a deployment's drift baseline.
    case pinBaseline(deployment: String, pinned: Bool)
    /// `a` on an Alertmanager alert, with the comment asked for: a silence in its Alertmanager that
    /// llmdeck expires when the alert resolves.
    case acknowledgeInAlertmanager(AlertRecord, comment: String)
    /// `s` on an Alertmanager alert: a silence of its labels in its Alertmanager.
    case silenceInAlertmanager(AlertRecord, duration: Int64, comment: String)

    /// Whether the action talks to an Alertmanager (done off the UI thread) rather than the store.
    public var isRemote: Bool {
        switch self {
        case .acknowledgeInAlertmanager, .silenceInAlertmanager: true
        case .expire(let silence): silence.alertmanager != nil
        default: false
        }
    }
}

/// What the Alerts pane shows.
public enum AlertsPage: Sendable, Equatable {
    /// The alerts, the selected one's detail below when there is room.
    case list
    /// The selected alert's detail on the whole pane (Enter).
    case detail
    /// The silences not yet expired (`:silences`).
    case silences
}
