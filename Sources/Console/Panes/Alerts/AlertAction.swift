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
