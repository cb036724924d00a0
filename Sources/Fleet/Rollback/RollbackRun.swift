import Actions
import Analysis
import Store
import Vocabulary

/// Carries out a planned rollback the same way for the console, `llmdeck rollback` and the
/// guard: perform it (refused in read-only mode by the executor itself), audit it, write the
/// `rollback` event the charts mark, then watch the deployment and audit the verification.
public struct RollbackRun: Sendable {
    public let plan: RollbackPlan
    public let store: Store
    public let actor: String
    public let reason: String
    /// `rollback`, or `guard-rollback` for the auto-rollback guard.
    public let action: String

    public init(plan: RollbackPlan, store: Store, actor: String, reason: String, action: String = "rollback") {
        self.plan = plan
        self.store = store
        self.actor = actor
        self.reason = reason
        self.action = action
    }

    /// Performs the action and audits it; the audit row's id is nil only when the store refused
    /// the row (then `auditProblem` says why; the action's outcome stands).
    public func perform(
        with executor: ActionExecutor,
        now: @Sendable () -> Int64
    ) async -> (outcome: ActionOutcome, auditID: Int64?, auditProblem: String?) {
        let outcome: ActionOutcome
        if let request = plan.request {
            outcome = await executor.perform(request)
        } else {
            outcome = ActionOutcome(status: .failed, detail: plan.requestProblem ?? "no rollback action", output: "")
        }
        let finished = now()
        var auditID: Int64?
        var problem: String?
        do {
            let record = try store.appendAudit(
                entry(outcome: outcome.status.rawValue, status: outcome.detail, output: outcome.output, at: finished)
            )
            auditID = record.id
        } catch {
            problem = "the audit row could not be written: \(error)"
        }
        if outcome.status == .done {
            let detail = "\(plan.current.version) → \(plan.target.version) by \(actor): \(reason)"
            try? store.write(
                StoreBatch(events: [
                    EventRecord(ts: finished, kind: "rollback", target: plan.deployment, detail: detail)
                ])
            )
        }
        return (outcome, auditID, problem)
    }

    /// A dry run: audited as `dry-run`, nothing performed.
    public func auditDryRun(at time: Int64) -> Int64? {
        try? store.appendAudit(entry(outcome: "dry-run", status: nil, output: nil, at: time)).id
    }

    /// Watches the deployment until it is verified or `duration` ms have passed (checking every
    /// `interval` ms), audits the outcome as a `verify` row about `auditID`, and returns it.
    public func verify(
        startedAt: Int64,
        duration: Int64,
        interval: Int64 = 2_000,
        rules: [AlertRuleSpec],
        auditID: Int64?,
        now: @Sendable () -> Int64,
        progress: @Sendable (Int64) -> Void = { _ in }
    ) async -> RollbackVerification {
        let verifier = RollbackVerifier(
            store: store,
            deployment: plan.deployment,
            targetVersion: plan.target.version,
            startedAt: startedAt,
            rules: rules,
            latencyBaseline: plan.before.p95
        )
        let deadline = startedAt + duration
        var result: RollbackVerification
        while true {
            let time = now()
            if let decided = verifier.check(now: time, deadline: deadline) {
                result = decided
                break
            }
            progress(deadline - time)
            try? await Task.sleep(for: .milliseconds(max(100, min(interval, deadline - time))))
        }
        var row = entry(outcome: result.outcome.rawValue, status: nil, output: result.detail, at: now())
        row.action = "verify"
        row.refersTo = auditID
        _ = try? store.appendAudit(row)
        return result
    }

    private func entry(outcome: String, status: String?, output: String?, at time: Int64) -> AuditEntry {
        AuditEntry(
            time: time,
            actor: actor,
            action: action,
            subjectKind: "deployment",
            subject: plan.deployment,
            fromVersion: plan.current.version,
            toVersion: plan.target.version,
            reason: reason,
            request: plan.request?.display ?? (plan.requestProblem ?? ""),
            outcome: outcome,
            status: status,
            output: output,
            evidence: plan.evidence.text,
            refersTo: nil
        )
    }
}
