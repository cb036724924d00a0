import Fleet
import Foundation
import Terminal

/// The rollback dialog's part of the reducer: `R` opens it and asks for a plan, its keys, the
/// plans that arrive, and the progress of a rollback in flight on the status line.
extension ConsoleReducer {
    /// How long the last step of a rollback stays on the status line, milliseconds.
    static let rollbackResultMilliseconds: Int64 = 120_000

    /// `R`: the selected deployment (the selected alert's in the Alerts pane).
    static func openRollback(in state: inout AppState) -> [ConsoleEffect] {
        let deployment: String?
        if state.pane == .alerts {
            guard state.alertsPage != .silences else {
                flash(
                    "R rolls back the selected alert's deployment: Esc back to the alert list",
                    isError: true,
                    in: &state
                )
                return []
            }
            deployment = AlertsView.selectedAlert(state)?.deployment
        } else {
            deployment = state.selectedDeployment?.name
        }
        guard let deployment else {
            flash("no deployment selected to roll back", isError: true, in: &state)
            return []
        }
        if let running = state.performingRollback {
            flash("the rollback of \(running) is being performed; R again once it is done", isError: true, in: &state)
            return []
        }
        state.rollbackDialog = RollbackDialog(deployment: deployment)
        return [.proposeRollback(deployment: deployment, version: nil, reason: "")]
    }

    /// A key while the dialog is open: it gets every key.
    static func handleRollbackDialog(_ key: Key, in state: inout AppState) -> [ConsoleEffect] {
        guard var dialog = state.rollbackDialog else { return [] }
        let outcome = dialog.handle(key)
        state.rollbackDialog = dialog
        switch outcome {
        case .editing: return []
        case .cancelled:
            state.rollbackDialog = nil
            flash("rollback of \(dialog.deployment) cancelled; nothing was done", isError: false, in: &state)
            return []
        case .replan(let version, let reason):
            return [.proposeRollback(deployment: dialog.deployment, version: version, reason: reason)]
        case .refused(let text):
            flash(text, isError: true, in: &state)
            return []
        case .confirmed(let confirmation):
            state.rollbackDialog = nil
            state.flash = nil
            state.performingRollback = confirmation.deployment
            state.rollbackStatus = Flash(
                text: "rolling back \(confirmation.deployment) to \(confirmation.targetVersion) …",
                isError: false,
                until: .max
            )
            return [.rollBack(confirmation)]
        }
    }

    /// A plan arrived: shown when the dialog for its deployment is still open; a failure closes it.
    static func receiveProposal(
        _ result: Result<RollbackProposal, RollbackError>,
        for deployment: String,
        in state: inout AppState
    ) {
        guard var dialog = state.rollbackDialog, dialog.deployment == deployment else { return }
        switch result {
        case .success(let proposal):
            dialog.receive(proposal)
            state.rollbackDialog = dialog
        case .failure(let error):
            state.rollbackDialog = nil
            flash("cannot roll back \(deployment): \(error.message)", isError: true, in: &state)
        }
    }

    /// Whether quitting must wait: a rollback action is running, and quitting would cut it off
    /// before it is audited (it ends within its `timeout`). Says so on the status line.
    static func refusesQuit(in state: inout AppState) -> Bool {
        guard let running = state.performingRollback else { return false }
        flash(
            "the rollback of \(running) is being performed (its audit row follows); q again once it is done",
            isError: true,
            in: &state
        )
        return true
    }

    /// A step of a rollback in flight, on the status line: it stays while the rollback runs and
    /// for two minutes after its last step.
    static func showRollbackProgress(_ progress: RollbackProgress, in state: inout AppState) -> [ConsoleEffect] {
        let name = progress.deployment
        let until = state.now + rollbackResultMilliseconds
        switch progress {
        case .notPerformed, .performed: state.performingRollback = nil
        case .verifying, .verified: break
        }
        switch progress {
        case .notPerformed(_, let reason):
            state.rollbackStatus = Flash(text: "\(name): not rolled back: \(reason)", isError: true, until: until)
            return []
        case .performed(_, let outcome, let detail, let verifies, let auditProblem):
            var text = "\(name): \(outcome) (\(detail))"
            if verifies { text += "; verifying …" }
            if let auditProblem { text += "; not audited: " + auditProblem }
            state.rollbackStatus = Flash(
                text: text,
                isError: outcome != "done" || auditProblem != nil,
                until: verifies ? .max : until
            )
        case .verifying(_, let remaining):
            guard let status = state.rollbackStatus, status.text.hasPrefix(name + ":") else { return [] }
            let base = status.text.components(separatedBy: "; verifying …").first ?? status.text
            state.rollbackStatus?.text = base + "; verifying … (at most \(ValueFormat.age(remaining)) more)"
            return []
        case .verified(_, let outcome, let detail):
            state.rollbackStatus = Flash(
                text: "\(name): \(outcome) — \(detail)",
                isError: outcome != "verified",
                until: until
            )
        }
        // The store holds a new audit row (and the rollback event): read it at once.
        return [.readAgain]
    }
}
