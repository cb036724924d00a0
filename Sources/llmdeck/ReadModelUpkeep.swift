import Config
import Fleet
import Store

/// What every collecting process (`llmdeck`, `llmdeck demo`, `llmdeck collect`) runs after each
/// store write and maintenance pass: the alert rules, and the read model's checkpoints (so
/// `llmdeck ab` and the console read only what is new).
enum ReadModelUpkeep {
    /// Evaluates the alert rules after every collector write (at most every `alerts.interval`,
    /// 15 s by default); store errors are logged and the next tick tries again.
    static func afterFlush(
        _ evaluator: AlertEvaluator,
        log: @escaping @Sendable (String) -> Void
    ) -> @Sendable (Int64) -> Void {
        { now in
            do {
                try evaluator.evaluate(now: now)
            } catch {
                log("alerts: not evaluated: \(error)")
            }
        }
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
