import Analysis
import Store

/// How a rollback ended once watched: the version became the target and the latency and
/// error ratio are back under their alert thresholds (`verified`), the version never changed
/// (`version unchanged`), or it changed and the figures stayed above them (`still unhealthy`).
public struct RollbackVerification: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case verified
        case versionUnchanged = "version unchanged"
        case stillUnhealthy = "still unhealthy"
    }

    public var outcome: Outcome
    /// In words: what was seen, against which thresholds.
    public var detail: String
}

/// Watches a deployment after an action, from the store: a collector (this process's or
/// another's) keeps writing what the deployment reports.
public struct RollbackVerifier: Sendable {
    public let store: Store
    public let deployment: String
    public let targetVersion: String
    /// When the action was performed, ms since the epoch.
    public let startedAt: Int64
    /// p95 end-to-end latency is healthy under this (the `latency_p95` rule's warning
    /// threshold) …
    public let latencyLimit: Double
    /// … or under this (the rule's baseline factor times the target version's p95 in its last
    /// hour of service): the latency rule fires only when both are exceeded.
    public let latencyBaselineLimit: Double?
    /// The error ratio must be under this (the `error_ratio` rule's warning threshold).
    public let errorLimit: Double
    /// How long after the version change the figures are judged over, at most (1 minute).
    public static let judgedWindow: Int64 = 60_000
    /// Figures are judged once the new version has served this long (10 s): the first polls
    /// after a restart carry the old process's last window.
    public static let settling: Int64 = 10_000

    public init(
        store: Store,
        deployment: String,
        targetVersion: String,
        startedAt: Int64,
        rules: [AlertRuleSpec],
        latencyBaseline: Double? = nil
    ) {
        self.store = store
        self.deployment = deployment
        self.targetVersion = targetVersion
        self.startedAt = startedAt
        func warning(_ id: String, _ fallback: Double) -> Double {
            guard let rule = rules.first(where: { $0.id == id }) else { return fallback }
            return rule.thresholds.warning ?? rule.thresholds.critical ?? fallback
        }
        latencyLimit = warning(AlertRuleSpec.latencyP95.id, 5)
        let factor = rules.first { $0.id == AlertRuleSpec.latencyP95.id }?.thresholds.baselineFactor
        latencyBaselineLimit = latencyBaseline.flatMap { baseline in factor.map { baseline * $0 } }
        errorLimit = warning(AlertRuleSpec.errorRatio.id, 0.05)
    }

    /// One look at `now`: the outcome once it is decided, nil while it is not. At or after
    /// `deadline` it is always decided.
    public func check(now: Int64, deadline: Int64) -> RollbackVerification? {
        let latest = try? store.latestVersion(target: deployment)
        let final = now >= deadline
        guard let latest, latest.version == targetVersion else {
            guard final else { return nil }
            let seen = latest.map { "it still reports \($0.version)" } ?? "no version was reported"
            return RollbackVerification(
                outcome: .versionUnchanged,
                detail:
                    "\(deployment) did not report \(targetVersion) in time: \(seen); is a collector writing to this store?"
            )
        }
        let changedAt = max(latest.ts, startedAt)
        guard now - changedAt >= Self.settling || final else { return nil }
        let from = max(changedAt, now - Self.judgedWindow)
        let targets = (try? store.read { view in try view.targets() }) ?? []
        // Judged on the new version's polls alone: a deployment whose latency is read in turns is
        // not widened to its turn here (that would reach back to the old version); until a turn
        // lands after the change, its latency is unknown and it is judged on errors.
        let status = targets.first { $0.name == deployment }.flatMap { target in
            var exact = target
            exact.latencyEvery = nil
            return try? StatusReader(store: store).status(of: exact, window: max(1_000, now - from), now: now)
        }
        let p95 = status?.latencySeconds.p95
        let errors = status?.errorRatio
        let served = p95 != nil || errors != nil
        let latencyLimits = [latencyLimit] + (latencyBaselineLimit.map { [$0] } ?? [])
        let fastEnough = p95.map { value in latencyLimits.contains { value < $0 } } ?? true
        let healthy = served && fastEnough && (errors ?? 0) < errorLimit
        let shownLimit = Self.seconds(latencyLimits.max())
        let figures =
            "p95 \(Self.seconds(p95)) (limit \(shownLimit)), errors \(Self.percent(errors)) (limit \(Self.percent(errorLimit)))"
        if healthy {
            return RollbackVerification(outcome: .verified, detail: "\(deployment) serves \(targetVersion); \(figures)")
        }
        guard final else { return nil }
        return RollbackVerification(
            outcome: .stillUnhealthy,
            detail: "\(deployment) serves \(targetVersion) but "
                + (served ? "its figures stayed high: \(figures)" : "answered no requests since")
        )
    }

    /// `850 ms`, `2.35 s`, `–`.
    public static func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return value < 1 ? "\(Int((value * 1000).rounded())) ms" : "\((value * 100).rounded() / 100) s"
    }

    /// `4.2 %`, `–`.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return "\((value * 1000).rounded() / 10) %"
    }
}
