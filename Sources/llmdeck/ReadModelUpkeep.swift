import Config
import Fleet
import Store

/// What every collecting process (`llmdeck`, `llmdeck demo`, `llmdeck collect`) runs after each
/// store write and maintenance pass: the alert rules, and the read model's checkpoints (so
/// `llmdeck ab` and the console read only what is new).
enum ReadModelUpkeep {
    /// Evaluates the alert rules after every collector write (at most every `alerts.interval`,
    /// 15 s by default), then lets the auto-rollback guard look at what fires; store errors are
    /// logged and the next tick tries again.
    static func afterFlush(
        _ evaluator: AlertEvaluator,
        guard rollbackGuard: RollbackGuard? = nil,
        log: @escaping @Sendable (String) -> Void
    ) -> @Sendable (Int64) -> Void {
        { now in
            do {
                guard try evaluator.evaluate(now: now) != nil else { return }
                rollbackGuard?.check(now: now)
            } catch {
                log("alerts: not evaluated: \(error)")
            }
        }
    }

    /// The guard of the configured deployments and of those the Prometheus sources discover, or nil
    /// when neither a deployment nor a source has `guard:`.
    static func rollbackGuard(
        _ config: LLMDeckConfig,
        store: Store,
        readOnly: Bool,
        log: @escaping @Sendable (String) -> Void
    ) -> RollbackGuard? {
        let rollbackGuard = RollbackGuard(
            store: store,
            deployments: config.deployments,
            sources: config.sources.prometheus,
            rules: config.alerts.rules,
            settings: config.actions,
            readOnly: readOnly,
            log: log
        )
        return rollbackGuard.isActive ? rollbackGuard : nil
    }

    static func afterMaintenance(
        store: Store,
        experimentRules: ExperimentRules,
        pricing: PriceTable,
        log: @escaping @Sendable (String) -> Void
    ) -> @Sendable (Int64) -> Void {
        let reader = ExperimentReader(store: store, rules: experimentRules, pricing: pricing)
        return { now in
            do {
                try reader.saveCheckpoints(now: now)
            } catch {
                log("experiments: checkpoints not saved: \(error)")
            }
        }
    }
}
