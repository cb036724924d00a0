import Actions

/// Prompt A/B experiments read from application metrics, as written under `experiments:`.
///
/// Experiments are discovered from the metrics without configuration; this section renames
/// the metrics and labels, sets the defaults every experiment is judged by, and tunes the
/// experiments it lists by name.
public struct ExperimentsConfig: Sendable, Equatable {
    /// The metric names the application exports.
    public var metrics: ExperimentMetricNames
    /// The label names on those metrics.
    public var labels: ExperimentLabelNames
    /// Values of the outcome label counted as success; every other value is a failure.
    public var successOutcomes: [String]
    /// The settings of every experiment that does not override them.
    public var defaults: ExperimentSettingsConfig
    /// Experiments with their own control, split, start or settings, in file order.
    public var list: [ExperimentConfig]

    public static let defaultSuccessOutcomes = ["success"]

    public init(
        metrics: ExperimentMetricNames = ExperimentMetricNames(),
        labels: ExperimentLabelNames = ExperimentLabelNames(),
        successOutcomes: [String] = ExperimentsConfig.defaultSuccessOutcomes,
        defaults: ExperimentSettingsConfig = ExperimentSettingsConfig(),
        list: [ExperimentConfig] = []
    ) {
        self.metrics = metrics
        self.labels = labels
        self.successOutcomes = successOutcomes
        self.defaults = defaults
        self.list = list
    }

    /// The listed experiment of that name, `nil` for one only discovered from metrics.
    public func experiment(named name: String) -> ExperimentConfig? {
        list.first { $0.name == name }
    }

    /// The settings an experiment is judged by: the defaults with its overrides applied, or
    /// the defaults alone for an experiment not listed.
    public func settings(forExperiment name: String) -> ExperimentSettingsConfig {
        guard let experiment = experiment(named: name) else {
            return defaults
        }
        return defaults.applying(experiment.overrides)
    }

    /// The control variant of an experiment: the configured one, else the alphabetically first
    /// of the variants seen; `nil` when none is configured or seen.
    public func control(ofExperiment name: String, variants: [String]) -> String? {
        experiment(named: name)?.control ?? variants.min()
    }
}

/// One experiment under `experiments.list`.
public struct ExperimentConfig: Sendable, Equatable {
    /// The value of the experiment label.
    public var name: String
    /// The control variant; `nil` means the alphabetically first variant.
    public var control: String?
    /// Expected traffic weights in file order (not necessarily summing to 100); empty means
    /// an equal split across the variants seen.
    public var split: [VariantWeight]
    /// Start of the experiment's window, milliseconds since the Unix epoch; `nil` means the
    /// first time the experiment was seen.
    public var start: Int64?
    /// Settings that replace those of `experiments:` for this experiment.
    public var overrides: ExperimentSettingsOverrides
    /// What makes a variant the one everybody gets (`promote:`); `nil` when none is configured.
    public var promote: ActionSpec?
    /// What takes the experiment back (`rollback:`), such as to its control; `nil` when none is configured.
    public var rollback: ActionSpec?

    public init(
        name: String,
        control: String? = nil,
        split: [VariantWeight] = [],
        start: Int64? = nil,
        overrides: ExperimentSettingsOverrides = ExperimentSettingsOverrides(),
        promote: ActionSpec? = nil,
        rollback: ActionSpec? = nil
    ) {
        self.name = name
        self.control = control
        self.split = split
        self.start = start
        self.overrides = overrides
        self.promote = promote
        self.rollback = rollback
    }
}

/// One variant's expected share of traffic, as a positive weight relative to the others.
public struct VariantWeight: Sendable, Equatable {
    public var variant: String
    public var weight: Double

    public init(variant: String, weight: Double) {
        self.variant = variant
        self.weight = weight
    }
}

/// The names of the metrics an application exports for its prompt experiments (the metric
/// contract in the README); each may be renamed under `experiments.metrics`.
public struct ExperimentMetricNames: Sendable, Equatable {
    /// Counter of requests by experiment, variant and outcome.
    public var requests = "llm_prompt_requests_total"
    /// Histogram of request latency in seconds.
    public var latency = "llm_prompt_latency_seconds"
    /// Counter of tokens by direction (prompt or completion).
    public var tokens = "llm_prompt_tokens_total"
    /// Counter of dollars spent.
    public var cost = "llm_prompt_cost_dollars_total"
    /// Counter of thumbs up and down by feedback (positive or negative).
    public var feedback = "llm_prompt_feedback_total"
    /// Histogram of a quality score.
    public var score = "llm_prompt_score"

    /// The default names; set the fields to rename.
    public init() {}
}

/// The label names on the experiment metrics; each may be renamed under `experiments.labels`.
public struct ExperimentLabelNames: Sendable, Equatable {
    public var experiment = "experiment"
    public var variant = "variant"
    /// Whether a request succeeded; see `ExperimentsConfig.successOutcomes`.
    public var outcome = "outcome"
    /// `prompt` or `completion` on the token counter.
    public var direction = "direction"
    /// `positive` or `negative` on the feedback counter.
    public var feedback = "feedback"

    /// The default names; set the fields to rename.
    public init() {}
}
