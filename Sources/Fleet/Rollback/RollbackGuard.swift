import Actions
import Analysis
import Config
import Foundation
import Store
import Synchronization

/// The opt-in auto-rollback guard (`guard: {after_deploy: 15m, on: [critical], mode: dry-run|act}`
/// on a deployment, or on a Prometheus source for every deployment it discovers): when an alert of
/// one of those severities fires on the deployment within `after_deploy` of its current version's
/// deploy, the guard proposes (dry-run: audited, nothing performed) or performs the rollback to the
/// previous version, as the actor `guard`.
///
/// At most once per deploy, across restarts: before acting it looks for its own audit row about
/// the current version. Never in read-only mode. Run by every collecting process after each alert
/// evaluation.
public final class RollbackGuard: Sendable {
    public static let actor = "guard"
    public static let action = "guard-rollback"

    private let store: Store
    /// Where the guarded deployments are found at each check: discovered ones come and go.
    private let catalog: DeploymentCatalog
    private let rules: [AlertRuleSpec]
    private let verifyFor: Double
    private let isReadOnly: Bool
    private let environment: [String: String]
    private let log: @Sendable (String) -> Void
    /// Deploys (deployment, version, deployed at) acted on by this process, including actions
    /// still running.
    private let handled = Mutex<Set<String>>([])

    /// - Parameter sources: the Prometheus sources whose discovered deployments their `guard:` covers.
    public init(
        store: Store,
        deployments: [DeploymentConfig],
        sources: [PrometheusSourceConfig] = [],
        rules: [AlertRuleSpec],
        settings: ActionSettings,
        readOnly: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.store = store
        catalog = DeploymentCatalog(deployments: deployments, sources: sources)
        self.rules = rules
        verifyFor = settings.verifyFor
        isReadOnly = readOnly || settings.readOnly
        self.environment = environment
        self.log = log
    }

    /// Whether any deployment or source has a guard (no work at all otherwise).
    public var isActive: Bool { catalog.hasGuards && !isReadOnly }

    /// Looks at the firing alerts at `now` and proposes or starts the rollbacks due; returns the
    /// runs it started or proposed (their plans), for the log and tests. An `act` rollback is
    /// performed and verified in a task of its own, off the caller's thread.
    @discardableResult
    public func check(now: Int64) -> [RollbackPlan] {
        guard isActive else { return [] }
        let alerts: [AlertRecord]
        let deployments: [DeploymentConfig]
        do {
            alerts = try AlertReader(store: store, rules: rules).alerts(now: now)
        } catch {
            log("guard: alerts not read: \(error)")
            return []
        }
        do {
            deployments = try catalog.guarded(in: store)
        } catch {
            log("guard: \(error)")
            return []
        }
        var started: [RollbackPlan] = []
        for deployment in deployments {
            guard let settings = deployment.guard else { continue }
            let severities = Set(settings.severities)
            let firing = alerts.filter {
                $0.deployment == deployment.name && $0.phase == .firing
                    && $0.severity.map { severities.contains($0.rawValue) } == true
            }
            guard let alert = firing.min(by: { ($0.since ?? now) < ($1.since ?? now) }) else { continue }
            if let plan = consider(deployment, settings, alert: alert, now: now) { started.append(plan) }
        }
        return started
    }

    private func consider(
        _ deployment: DeploymentConfig,
        _ settings: GuardConfig,
        alert: AlertRecord,
        now: Int64
    ) -> RollbackPlan? {
        guard let records = try? store.versions(target: deployment.name) else { return nil }
        let history = VersionHistory(deployment: deployment.name, records: records, now: now)
        // A deploy is a version change the collector saw, not the first sighting.
        guard let current = history.current, !history.candidates.isEmpty else { return nil }
        let firedAt = alert.since ?? now
        guard firedAt >= current.from, firedAt - current.from <= Int64(settings.afterDeploy * 1000) else { return nil }
        let key = "\(deployment.name)\u{1F}\(current.version)\u{1F}\(current.from)"
        guard handled.withLock({ $0.insert(key).inserted }) else { return nil }
        if alreadyActed(on: deployment.name, version: current.version, since: current.from) { return nil }
        let reason =
            "auto-rollback: \(alert.summary) (\(alert.severity?.rawValue ?? "alert")) within "
            + "\(formatDuration(settings.afterDeploy)) of the deploy of \(current.version)"
        let plan: RollbackPlan
        do {
            plan = try RollbackPlan.make(
                deployment: deployment,
                requestedVersion: nil,
                actor: Self.actor,
                reason: reason,
                store: store,
                rules: rules,
                environment: environment,
                now: now
            )
        } catch {
            log("guard: \(deployment.name): no rollback planned: \(error)")
            return nil
        }
        let run = RollbackRun(plan: plan, store: store, actor: Self.actor, reason: reason, action: Self.action)
        switch settings.mode {
        case .dryRun:
            _ = run.auditDryRun(at: now)
            log(
                "guard: \(deployment.name): would roll back \(plan.current.version) → \(plan.target.version) (dry run; audited)"
            )
        case .act:
            log("guard: \(deployment.name): rolling back \(plan.current.version) → \(plan.target.version)")
            let verifyFor = self.verifyFor
            let rules = self.rules
            let log = self.log
            Task.detached {
                let clock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
                let started = clock()
                let (outcome, auditID, _) = await run.perform(with: ActionExecutor(readOnly: false), now: clock)
                log("guard: \(plan.deployment): \(outcome.status.rawValue): \(outcome.detail)")
                guard outcome.status == .done, verifyFor > 0 else { return }
                let verification = await run.verify(
                    startedAt: started,
                    duration: Int64(verifyFor * 1000),
                    rules: rules,
                    auditID: auditID,
                    now: clock
                )
                log("guard: \(plan.deployment): \(verification.outcome.rawValue): \(verification.detail)")
            }
        }
        return plan
    }

    /// Whether the guard's audit row about this deploy exists (another process, or this one
    /// before a restart, acted on it).
    private func alreadyActed(on deployment: String, version: String, since: Int64) -> Bool {
        let rows = (try? store.read { view in try view.auditRecords(since: since) }) ?? []
        return rows.contains {
            $0.entry.action == Self.action && $0.entry.subject == deployment && $0.entry.fromVersion == version
        }
    }
}
