import Fleet
import Terminal

/// Everything that changes the console: keys, new data, size changes, the clock, theme loads.
public enum ConsoleMessage: Sendable {
    case key(Key)
    case snapshot(FleetSnapshot)
    case resize(width: Int, height: Int)
    /// Milliseconds since the Unix epoch.
    case tick(Int64)
    /// The outcome of a `loadTheme` effect: the name shown, or the error to flash.
    case themeLoaded(name: String, error: String?)
    /// The outcome of an `alertAction` effect, in words for the status line.
    case alertActionDone(text: String, isError: Bool)
    /// The plan a `proposeRollback` effect asked for, or why there is none.
    case rollbackProposed(deployment: String, Result<RollbackProposal, RollbackError>)
    /// The plan a `proposeExperimentAction` effect asked for, or why there is none.
    case experimentActionProposed(experiment: String, Result<ExperimentActionProposal, RollbackError>)
    /// A step of a rollback or an experiment action in flight (`rollBack`,
    /// `performExperimentAction`).
    case rollbackProgress(RollbackProgress)
    /// The audit trail, read while the Audit pane is shown.
    case auditTrail(AuditTrail)
}

/// What the reducer asks the run loop to do outside the state.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    /// Load and apply the theme of this name or path, then send `themeLoaded`.
    case loadTheme(String)
    /// Write an acknowledgement, a silence or an expiry to the store (`AlertActionWriter`), then
    /// send `alertActionDone`.
    case alertAction(AlertAction)
    /// Ring the terminal bell: a critical alert started firing (`alerts.bell: true`).
    case ringBell
    /// Plan the rollback of a deployment (`RollbackController.propose`) off the UI thread, then
    /// send `rollbackProposed`.
    case proposeRollback(deployment: String, version: String?, reason: String)
    /// Perform a confirmed rollback and verify it off the UI thread, sending `rollbackProgress`
    /// at each step.
    case rollBack(RollbackConfirmation)
    /// Plan an experiment's promote or rollback (`RollbackController.propose(_:experiment:…)`)
    /// off the UI thread, then send `experimentActionProposed`.
    case proposeExperimentAction(ExperimentActionPlan.Kind, experiment: String, variant: String, reason: String)
    /// Perform a confirmed experiment action off the UI thread, sending `rollbackProgress`.
    case performExperimentAction(ExperimentActionConfirmation)
    /// Read the store again at once: the console's own action wrote to it.
    case readAgain
}
