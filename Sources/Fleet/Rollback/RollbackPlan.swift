import Actions
import Analysis
import Config
import Store
import Vocabulary

/// What an operator sees before confirming a rollback, and what the audit keeps of it: the
/// deployment, current → target version with when each was live, the figures of the current
/// version now against the target's last hour on it, the open alerts, and the exact command or
/// request (secrets masked).
public struct RollbackPlan: Sendable {
    public var deployment: String
    public var environment: String
    public var current: VersionSpan
    public var target: VersionSpan
    /// Figures of the last 5 minutes (the current version).
    public var now: Figures
    /// Figures of the target's last hour of service.
    public var before: Figures
    public var openAlerts: [AlertRecord]
    /// The rendered action; nil when the deployment has no `rollback:` configured.
    public var request: ActionRequest?
    /// Why there is no request: no `rollback:` configured (with how to add one), or the
    /// template could not be rendered.
    public var requestProblem: String?

    public var isProduction: Bool { environment.lowercased().hasPrefix("prod") }

    public struct Figures: Sendable, Equatable {
        public var p95: Double?
        public var ttftP95: Double?
        public var errorRatio: Double?
        public var requestsPerSecond: Double?

        init(_ status: DeploymentStatus?) {
            p95 = status?.latencySeconds.p95
            ttftP95 = status?.ttftSeconds.p95
            errorRatio = status?.errorRatio
            requestsPerSecond = status?.requestsPerSecond
        }

        /// For the audit's `evidence`.
        public var json: JSONValue {
            .object([
                "p95_seconds": .number(p95),
                "ttft_p95_seconds": .number(ttftP95),
                "error_ratio": .number(errorRatio),
                "requests_per_second": .number(requestsPerSecond),
            ])
        }
    }

    /// The figures shown at confirm time, as the audit stores them.
    public var evidence: JSONValue {
        .object([
            "current": now.json,
            "target_last_hour": before.json,
            "open_alerts": .array(openAlerts.map { .string("\($0.ruleID) \($0.phase.rawValue): \($0.summary)") }),
        ])
    }

    /// Plans the rollback of `deployment` to `requestedVersion` (default: the previous one).
    public static func make(
        deployment: DeploymentConfig,
        requestedVersion: String?,
        actor: String,
        reason: String,
        store: Store,
        rules: [AlertRuleSpec],
        pricing: PriceTable = PriceTable(),
        environment: [String: String],
        now: Int64
    ) throws(RollbackError) -> RollbackPlan {
        let history: VersionHistory
        let target: TargetRecord?
        do {
            history = VersionHistory(
                deployment: deployment.name,
                records: try store.versions(target: deployment.name),
                now: now
            )
            target = try store.read { view in try view.targets() }.first { $0.name == deployment.name }
        } catch {
            throw RollbackError(message: "cannot read the store \(store.path): \(error)")
        }
        let chosen = try history.target(requested: requestedVersion)
        guard let current = history.current, let target else {
            throw RollbackError(message: "\(deployment.name) has not been polled into this store yet")
        }
        let reader = StatusReader(store: store, pricing: pricing)
        let live = try? reader.status(of: target, window: 5 * 60_000, now: now)
        let before = try? reader.status(of: target, window: 3_600_000, now: chosen.until)
        let alerts = (try? AlertReader(store: store, rules: rules).alerts(now: now)) ?? []
        var plan = RollbackPlan(
            deployment: deployment.name,
            environment: deployment.environment,
            current: current,
            target: chosen,
            now: Figures(live),
            before: Figures(before),
            openAlerts: alerts.filter { $0.deployment == deployment.name && $0.isOpen },
            request: nil,
            requestProblem: nil
        )
        guard let spec = deployment.rollback else {
            plan.requestProblem =
                "\(deployment.name) has no rollback action: add `rollback: {command: [...]}` or "
                + "`rollback: {http: {url: ...}}` to it in the configuration, or to the Prometheus source that "
                + "discovers it (README: Actions)"
            return plan
        }
        var values: [TemplateVariable: String] = [
            .deployment: deployment.name,
            .environment: deployment.environment,
            .currentVersion: current.version,
            .targetVersion: chosen.version,
            .actor: actor,
            .reason: reason,
        ]
        values[.targetRevision] = VersionHistory.revision(of: chosen.version)
        do {
            plan.request = try ActionRequest.render(spec, values: TemplateValues(values), environment: environment)
        } catch {
            plan.requestProblem = error.description
        }
        return plan
    }
}
