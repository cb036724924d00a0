import Fleet
import Terminal

/// The experiment action dialog's part of the reducer: `P` and `R` in the Experiments pane open
/// it and ask for a plan, its keys, the plans that arrive. The outcome reaches the status line
/// and the Audit pane through the rollback's progress path (`showRollbackProgress`).
extension ConsoleReducer {
    /// `P` (promote) or `R` (roll back to control) on the selected experiment.
    static func openExperimentAction(_ kind: ExperimentActionPlan.Kind, in state: inout AppState) -> [ConsoleEffect] {
        guard let experiments = state.snapshot?.experiments, !experiments.isEmpty else {
            flash("no experiment selected", isError: true, in: &state)
            return []
        }
        if let running = state.performingRollback {
            flash("the action on \(running) is being performed; again once it is done", isError: true, in: &state)
            return []
        }
        let report = experiments[ExperimentsView.selectedIndex(state, experiments)]
        let candidates = report.variants.map(\.name).filter { $0 != report.control }
        if kind == .promote, candidates.isEmpty {
            flash(
                "\(report.name) has no variant besides control (\(report.control)) to promote",
                isError: true,
                in: &state
            )
            return []
        }
        let dialog = ExperimentActionDialog(
            kind: kind,
            experiment: report.name,
            control: report.control,
            candidates: candidates,
            variant: kind == .promote ? favouredVariant(of: report) : report.control
        )
        state.experimentDialog = dialog
        guard let variant = dialog.variant else { return [] }
        return [.proposeExperimentAction(kind, experiment: report.name, variant: variant, reason: "")]
    }

    /// The treatment the verdict favours: significantly better than control on success rate,
    /// the largest difference among those (as `ExperimentVerdict` picks it); nil when none is.
    static func favouredVariant(of report: ExperimentReport) -> String? {
        report.comparisons
            .filter { $0.metric == "success_rate" && $0.isSignificant && $0.absoluteDifference > 0 }
            .max { $0.absoluteDifference < $1.absoluteDifference }?
            .variant
    }

    /// A key while the dialog is open: it gets every key.
    static func handleExperimentDialog(_ key: Key, in state: inout AppState) -> [ConsoleEffect] {
        guard var dialog = state.experimentDialog else { return [] }
        let outcome = dialog.handle(key)
        state.experimentDialog = dialog
        switch outcome {
        case .editing: return []
        case .cancelled:
            state.experimentDialog = nil
            flash("\(dialog.title) cancelled; nothing was done", isError: false, in: &state)
            return []
        case .replan(let variant, let reason):
            return [
                .proposeExperimentAction(dialog.kind, experiment: dialog.experiment, variant: variant, reason: reason)
            ]
        case .refused(let text):
            flash(text, isError: true, in: &state)
            return []
        case .confirmed(let confirmation):
            state.experimentDialog = nil
            state.flash = nil
            state.performingRollback = confirmation.experiment
            let doing =
                confirmation.kind == .promote
                ? "promoting \(confirmation.variant) in \(confirmation.experiment)"
                : "rolling \(confirmation.experiment) back to control (\(confirmation.variant))"
            state.rollbackStatus = Flash(text: doing + " …", isError: false, until: .max)
            return [.performExperimentAction(confirmation)]
        }
    }

    /// A plan arrived: shown when the dialog for its experiment is still open; a failure closes it.
    static func receiveExperimentProposal(
        _ result: Result<ExperimentActionProposal, RollbackError>,
        for experiment: String,
        in state: inout AppState
    ) {
        guard var dialog = state.experimentDialog, dialog.experiment == experiment else { return }
        switch result {
        case .success(let proposal):
            dialog.receive(proposal)
            state.experimentDialog = dialog
        case .failure(let error):
            state.experimentDialog = nil
            flash("cannot \(dialog.title): \(error.message)", isError: true, in: &state)
        }
    }
}
