import Actions
import Config
import Store
import Vocabulary

/// An experiment's `promote` (make a variant the one everybody gets, e.g. move a prompt
/// registry's `production` label) or `rollback` (all traffic back to control), with the
/// evidence the confirmation shows: the experiment's verdict, its split check and the chosen
/// variant against control.
public struct ExperimentActionPlan: Sendable {
    public enum Kind: String, Sendable {
        case promote
        case rollback = "experiment-rollback"
    }

    public var kind: Kind
    public var experiment: String
    /// The variant promoted, or control for a rollback.
    public var variant: String
    public var control: String
    /// The experiment as `llmdeck ab` reads it now; nil when the store has none of it.
    public var report: ExperimentReport?
    public var request: ActionRequest?
    /// Why there is no request: nothing configured (with how to), or a template problem.
    public var requestProblem: String?

    /// What the audit keeps of what was shown.
    public var evidence: JSONValue {
        guard let report else { return .object(["report": .null]) }
        return .object([
            "verdict": .string(report.verdict),
            "srm_mismatch": .bool(report.sampleRatio?.isMismatch ?? false),
            "comparisons": .array(report.comparisons.filter { $0.variant == variant }.map(\.json)),
            "variants": .array(report.variants.filter { $0.name == variant || $0.name == control }.map(\.json)),
        ])
    }

    public static func make(
        _ kind: Kind,
        experiment name: String,
        variant requested: String?,
        config: LLMDeckConfig,
        actor: String,
        reason: String,
        store: Store,
        environment: [String: String],
        now: Int64
    ) throws(RollbackError) -> ExperimentActionPlan {
        let reports: [ExperimentReport]
        do {
            reports = try ExperimentReader(
                store: store,
                rules: ExperimentRules(config.experiments, retention: config.store.retention),
                pricing: config.pricing
            ).reports(now: now)
        } catch {
            throw RollbackError(message: "cannot read the store \(store.path): \(error)")
        }
        let report = reports.first { $0.name == name }
        let configured = config.experiments.list.first { $0.name == name }
        guard report != nil || configured != nil else {
            let known = reports.map(\.name).joined(separator: ", ")
            throw RollbackError(
                message: "no experiment \(name) in the store or the configuration"
                    + (known.isEmpty ? "" : "; known: \(known)")
            )
        }
        let control = report?.control ?? configured?.control ?? ""
        let variant: String
        switch kind {
        case .rollback:
            variant = control
        case .promote:
            guard let requested else { throw RollbackError(message: "promote needs the variant to promote") }
            if let report, !report.variants.contains(where: { $0.name == requested }) {
                throw RollbackError(
                    message:
                        "\(name) has no variant \(requested); its variants: \(report.variants.map(\.name).joined(separator: ", "))"
                )
            }
            variant = requested
        }
        var plan = ExperimentActionPlan(
            kind: kind,
            experiment: name,
            variant: variant,
            control: control,
            report: report,
            request: nil,
            requestProblem: nil
        )
        let key = kind == .promote ? "promote" : "rollback"
        guard let spec = kind == .promote ? configured?.promote : configured?.rollback else {
            plan.requestProblem =
                "\(name) has no \(key) action: list it under `experiments: list:` with "
                + "`\(key): {command: [...]}` or `\(key): {http: {url: ...}}` (README: Rollbacks, cookbook)"
            return plan
        }
        let values = TemplateValues([
            .experiment: name, .variant: variant, .targetVersion: variant, .actor: actor, .reason: reason,
        ])
        do {
            plan.request = try ActionRequest.render(spec, values: values, environment: environment)
        } catch {
            plan.requestProblem = error.description
        }
        return plan
    }

    /// Performs the action (refused by a read-only executor) and audits it; the audit row's id,
    /// or nil when the store refused it.
    public func perform(
        with executor: ActionExecutor,
        store: Store,
        actor: String,
        reason: String,
        now: @Sendable () -> Int64
    ) async -> (outcome: ActionOutcome, auditID: Int64?) {
        let outcome: ActionOutcome
        if let request {
            outcome = await executor.perform(request)
        } else {
            outcome = ActionOutcome(status: .failed, detail: requestProblem ?? "no action", output: "")
        }
        let entry = AuditEntry(
            time: now(),
            actor: actor,
            action: kind.rawValue,
            subjectKind: "experiment",
            subject: experiment,
            fromVersion: nil,
            toVersion: variant,
            reason: reason,
            request: request?.display ?? (requestProblem ?? ""),
            outcome: outcome.status.rawValue,
            status: outcome.detail,
            output: outcome.output,
            evidence: evidence.text
        )
        return (outcome, try? store.appendAudit(entry).id)
    }
}
