import Analysis
import Config

extension ExperimentRules {
    /// The rules a configuration's `experiments:` section describes: names, success outcomes,
    /// defaults, and per listed experiment its control, split, start and overrides; `retention`
    /// is the store's (how long raw rows are kept decides how finely old looks can be taken).
    public init(_ config: ExperimentsConfig, retention: RetentionConfig = .standard) {
        self.init()
        rawRetention = Int64(retention.raw * 1000)
        naming.metrics = config.metrics
        naming.labels = config.labels
        naming.successOutcomes = Set(config.successOutcomes)
        defaults = ExperimentSettings(config.defaults)
        for experiment in config.list {
            var settings = ExperimentSettings(config.settings(forExperiment: experiment.name))
            settings.control = experiment.control
            settings.split = Dictionary(
                experiment.split.map { ($0.variant, $0.weight) },
                uniquingKeysWith: { first, _ in first }
            )
            settings.start = experiment.start
            byName[experiment.name] = settings
        }
    }
}

extension ExperimentSettings {
    /// The statistical settings of a resolved configuration (control, split and start are the
    /// listed experiment's).
    init(_ config: ExperimentSettingsConfig) {
        self.init()
        alpha = config.alpha
        minimumDetectableEffect = config.minimumDetectableEffect
        minimumRequestsPerArm = Double(config.minimumRequests)
        switch config.sequential {
        case .plannedRequests(let total): tuning = .plannedSampleSize(total)
        case .tauSquared(let tau): tuning = .mixingVariance(tau)
        }
        latencyMargin = config.guardrails.latencyP95.map(Self.margin)
        errorRateMargin = config.guardrails.errorRate.map(Self.margin)
        costMargin = config.guardrails.costPerRequest.map(Self.margin)
    }

    private static func margin(_ limit: GuardrailLimit) -> GuardrailMargin {
        switch limit {
        case .relative(let fraction): .relative(fraction)
        case .absolute(let amount): .absolute(amount)
        }
    }
}
