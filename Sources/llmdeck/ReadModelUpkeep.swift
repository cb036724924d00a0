import Config
import Fleet
import Store

/// What every collecting process (`llmdeck`, `llmdeck demo`, `llmdeck collect`) runs after each
/// store maintenance pass: the read model's checkpoints, so `llmdeck ab` and the console read
/// only what is new.
enum ReadModelUpkeep {
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
