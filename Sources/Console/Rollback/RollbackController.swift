import Fleet

/// Plans and performs rollbacks and experiment actions for the console, which never executes anything itself.
///
/// `llmdeck` gives the app one built from the configuration, the store, the actor and
/// read-only mode; the run loop calls it off the UI thread (`ConsoleEffect.proposeRollback`,
/// `.rollBack`, the Audit pane's reads) and turns what it says into messages.
public protocol RollbackController: Sendable {
    /// Plans rolling `deployment` back to `version` (nil: the version it served before the
    /// current one), with `reason` filled into the request shown.
    func propose(deployment: String, version: String?, reason: String) async -> Result<RollbackProposal, RollbackError>

    /// Performs a confirmed rollback, then watches the deployment; `report` is called at each
    /// step, from any thread.
    func perform(_ confirmation: RollbackConfirmation, report: @escaping @Sendable (RollbackProgress) -> Void) async

    /// Plans an experiment's promote of `variant` or its rollback to control, with `reason`
    /// filled into the request shown.
    func propose(
        _ kind: ExperimentActionPlan.Kind,
        experiment: String,
        variant: String,
        reason: String
    ) async -> Result<ExperimentActionProposal, RollbackError>

    /// Performs a confirmed experiment action and audits it (no verification: nothing in the
    /// store says which variant serves); `report` is called with `.notPerformed` or `.performed`.
    func perform(
        _ confirmation: ExperimentActionConfirmation,
        report: @escaping @Sendable (RollbackProgress) -> Void
    ) async

    /// The newest `limit` rows of the audit trail, newest first.
    func auditTrail(limit: Int) throws -> [AuditRow]
}
