import Analysis
import Config
import Store

/// Prompt experiments read from the store: discovered on any target without configuration,
/// summed across every target that exports them, over the time since each started (not a sliding
/// window), judged with the Analysis statistics. The one computation behind `llmdeck ab`, its
/// JSON and the Experiments pane.
public struct ExperimentReader: Sendable {
    public let store: Store
    public var rules: ExperimentRules
    /// Prices tokens for variants whose application exports no cost.
    public var pricing: PriceTable
    /// More variants than this are refused with a message, not analysed.
    public var maximumVariants = 20
    /// False reads every experiment from its start, ignoring checkpoints (to measure that).
    public var resumes = true

    public init(store: Store, rules: ExperimentRules = ExperimentRules(), pricing: PriceTable = PriceTable()) {
        self.store = store
        self.rules = rules
        self.pricing = pricing
    }

    /// Every experiment in the store at `now`, by name: read from the checkpoints saved in the
    /// store (or newer ones in `memory`) on.
    public func reports(now: Int64) throws(StoreError) -> [ExperimentReport] {
        try read(now: now).reports
    }

    /// The reports at `now`, and the checkpoints to resume from next time (pass them back as
    /// `memory`: a reader that cannot save them, like a read-only console, keeps them itself).
    public func read(
        now: Int64,
        memory: ExperimentCheckpoints = ExperimentCheckpoints()
    ) throws(StoreError) -> (reports: [ExperimentReport], checkpoints: ExperimentCheckpoints) {
        let rules = self.rules
        let maximum = maximumVariants
        let pricing = self.pricing
        let resumes = self.resumes
        return try store.read { view in
            var checkpoints = ExperimentCheckpoints()
            if resumes {
                checkpoints = ExperimentCheckpoints(
                    stored: try view.checkpoints(prefix: ExperimentCheckpoint.keyPrefix)
                )
                checkpoints.adopt(memory)
            }
            let reports = try Self.reports(
                in: view,
                rules: rules,
                pricing: pricing,
                maximumVariants: maximum,
                now: now,
                checkpoints: &checkpoints
            )
            return (reports, checkpoints)
        }
    }

    /// Reads every experiment and saves the checkpoints that moved on: what the collecting
    /// processes run after each store maintenance, so readers find recent checkpoints.
    public func saveCheckpoints(now: Int64) throws(StoreError) {
        let checkpoints = try read(now: now).checkpoints
        try store.save(checkpoints.changed, savedAt: now)
    }

    /// The reports in an open view, resuming from and updating `checkpoints`.
    static func reports(
        in view: StoreView,
        rules: ExperimentRules,
        pricing: PriceTable = PriceTable(),
        maximumVariants: Int = 20,
        now: Int64,
        checkpoints: inout ExperimentCheckpoints
    ) throws -> [ExperimentReport] {
        let catalog = ExperimentCatalog(try view.series(named: rules.naming.allMetrics), naming: rules.naming)
        return try catalog.experiments.keys.sorted().compactMap { name throws -> ExperimentReport? in
            guard let variants = catalog.experiments[name] else { return nil }
            let settings = rules.settings(of: name)
            if variants.count > maximumVariants {
                return Self.refused(name, variants, settings, maximumVariants: maximumVariants, now: now)
            }
            var evaluation = ExperimentEvaluation(
                name: name,
                variants: variants,
                settings: settings,
                pricing: pricing,
                rawRetention: rules.rawRetention
            )
            try evaluation.read(view, now: now, resuming: checkpoints.byExperiment[name])
            if let checkpoint = evaluation.checkpoint { checkpoints.update(name, checkpoint) }
            return evaluation.report()
        }
    }

    /// An experiment with too many variants: named, counted, not analysed.
    private static func refused(
        _ name: String,
        _ variants: [String: ExperimentCatalog.VariantSeries],
        _ settings: ExperimentSettings,
        maximumVariants: Int,
        now: Int64
    ) -> ExperimentReport {
        let names = variants.keys.sorted()
        return ExperimentReport(
            name: name,
            control: settings.control ?? names.first ?? "",
            startedAt: settings.start ?? now,
            deployments: Array(Set(variants.values.flatMap(\.targets))).sorted(),
            sampleRatio: nil,
            variants: [],
            comparisons: [],
            guardrails: [],
            verdict: "Too many variants: \(names.count) (at most \(maximumVariants) are analysed)",
            tone: .bad,
            history: [:],
            mixingVariance: nil,
            lookInterval: 0
        )
    }
}
