import Analysis

/// One prompt experiment as every reader shows it (`llmdeck ab`, `ab --json`, the Experiments
/// pane): per variant figures since it started, each treatment against control, the
/// sample-ratio check and a verdict in words.
///
/// `nil` means not exported (or no traffic), never zero.
public struct ExperimentReport: Sendable, Equatable {
    public var name: String
    public var control: String
    /// Milliseconds since the Unix epoch: the configured start, or the oldest stored increment.
    public var startedAt: Int64
    /// Targets exporting its requests.
    public var deployments: [String]
    /// Nil with fewer than two variants or no traffic.
    public var sampleRatio: SampleRatioCheck?
    /// Control first.
    public var variants: [VariantFigures]
    public var comparisons: [ExperimentComparison]
    public var guardrails: [GuardrailFinding]
    public var verdict: String
    public var tone: VerdictTone
    /// Per treatment, the success-rate difference and its always-valid band over time.
    public var history: [String: [DifferencePoint]]
    /// The τ² the always-valid figures use (the latest look's).
    public var mixingVariance: Double?
    /// Milliseconds between the looks the always-valid p-value takes (one per step).
    public var lookInterval: Int64
}

/// How a verdict reads at a glance: the console colours it.
public enum VerdictTone: String, Sendable, Equatable {
    /// A treatment is significantly better.
    case good
    /// Something needs a person: a worse treatment, a guardrail, a broken split.
    case bad
    /// No difference, within the detectable effect.
    case neutral
    /// Not enough data yet.
    case pending
}

/// One variant's figures since the experiment started.
public struct VariantFigures: Sendable, Equatable {
    public var name: String
    public var requests: Double
    public var successes: Double
    public var successRate: Double?
    /// Wilson score interval of the success rate at the experiment's confidence.
    public var successInterval: ConfidenceInterval?
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var tokensPerRequest: Double?
    public var costPerRequest: Double?
    public var positiveFeedbackRate: Double?
    public var scoreMean: Double?
}

/// One treatment against control on one metric.
public struct ExperimentComparison: Sendable, Equatable {
    public var variant: String
    /// `success_rate` or `positive_feedback_rate`.
    public var metric: String
    public var absoluteDifference: Double
    public var relativeDifference: Double?
    /// Fixed-horizon interval and p (two-proportion z): valid only if read once, at a planned end.
    public var interval: ConfidenceInterval
    public var pValue: Double
    /// Always-valid p (running minimum over every look) and confidence sequence.
    public var alwaysValidPValue: Double
    public var confidenceSequence: ConfidenceInterval?
    public var chanceToBeatControl: Double?
    /// Holm-adjusted always-valid p ≤ α across the experiment's treatments.
    public var isSignificant: Bool
}

/// The difference of a treatment's success rate from control's at one look, with the
/// always-valid band so far.
public struct DifferencePoint: Sendable, Equatable {
    /// Milliseconds since the Unix epoch: the end of the look's step.
    public var time: Int64
    public var difference: Double
    public var lower: Double
    public var upper: Double
}
