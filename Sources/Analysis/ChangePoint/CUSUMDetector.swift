/// Tabular CUSUM on a metric stream (p95 latency, error ratio): sustained movement away from a
/// frozen baseline, in either direction.
///
/// S⁺ = max(0, S⁺ + x − μ − k), S⁻ = max(0, S⁻ − (x − μ) − k); an alarm when S⁺ or S⁻ > h
/// (strictly), with k = slack·σ and h = threshold·σ (Page 1954; llmops-methods §3.5; river
/// @ 291ccdd5 `river/drift/cusum.py`, whose defaults these are). μ and σ are the mean and sample
/// standard deviation of the first `warmUpCount` observations after a reset, then frozen: a
/// running mean would chase the very shift being detected. Unlike river, the warm-up's last
/// observation is not itself tested. σ is raised to `standardDeviationFloor` so that a flat
/// warm-up (a p95 that sat on one bucket bound) does not make every later wobble an alarm.
///
/// With estimated μ and σ, false alarms come much sooner than the textbook average run length
/// at h = 5σ ("a few hundred samples"): the stationary N(100, 10) vector stream alarms 4 times in
/// 400 observations. Raise `threshold` or `warmUpCount` where that is too often.
///
/// A value type: persist it with `Codable` and it continues where it stopped.
public struct CUSUMDetector: Sendable, Codable, Hashable {
    /// Which shifts raise an alarm (river's `mode`).
    public enum Mode: String, Sendable, Codable, Hashable {
        case up
        case down
        case both
    }

    /// The detector's parameters; the defaults are river's and the reference's.
    public struct Settings: Sendable, Codable, Hashable {
        /// Observations that learn the baseline after a reset, never alarming (`min_instances` 30).
        public var warmUpCount: Int
        /// k in baseline standard deviations (0.5): movement smaller than this never accumulates.
        public var slack: Double
        /// h in baseline standard deviations (5).
        public var threshold: Double
        /// Which directions alarm (both).
        public var mode: Mode
        /// The smallest σ used, in the stream's unit (0.001: 1 ms of latency in seconds, 0.1 point
        /// of an error ratio; Evidently's floor for normalising by a standard deviation).
        public var standardDeviationFloor: Double

        public init(
            warmUpCount: Int = 30,
            slack: Double = 0.5,
            threshold: Double = 5,
            mode: Mode = .both,
            standardDeviationFloor: Double = 0.001
        ) {
            self.warmUpCount = warmUpCount
            self.slack = slack
            self.threshold = threshold
            self.mode = mode
            self.standardDeviationFloor = standardDeviationFloor
        }
    }

    /// The parameters.
    public let settings: Settings
    /// The frozen baseline; nil while warming up.
    public private(set) var baseline: StreamBaseline?
    /// S⁺, in the stream's unit (for a sparkline against `decisionInterval`).
    public private(set) var upperSum = 0.0
    /// S⁻, in the stream's unit.
    public private(set) var lowerSum = 0.0
    /// Observations taken since the last reset, warm-up included.
    public private(set) var observationCount = 0
    private var estimator = BaselineEstimator()
    private var resetsOnNextObservation = false

    /// A detector that learns its baseline from the first `settings.warmUpCount` observations.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// A detector that compares with a known-good baseline from the first observation (after an
    /// alarm or `reset()` it learns a new one).
    public init(settings: Settings = Settings(), baseline: StreamBaseline) {
        self.settings = settings
        self.baseline = baseline
    }

    /// Whether the baseline is still being learnt.
    public var isWarmingUp: Bool {
        baseline == nil
    }

    /// The σ in use: the baseline's, raised to the floor; nil while warming up.
    public var standardDeviation: Double? {
        baseline.map { max($0.standardDeviation, settings.standardDeviationFloor) }
    }

    /// h·σ, the level S⁺ or S⁻ must exceed, in the stream's unit; nil while warming up.
    public var decisionInterval: Double? {
        standardDeviation.map { settings.threshold * $0 }
    }

    /// Takes the next value of the stream.
    @discardableResult
    public mutating func observe(_ value: Double) -> ChangePointSignal {
        guard value.isFinite else {
            return .ignored
        }
        if resetsOnNextObservation {
            reset()
        }
        guard let baseline, let sigma = standardDeviation else {
            return warmUp(with: value)
        }
        let deviation = value - baseline.mean
        let slack = settings.slack * sigma
        let upper = max(0, upperSum + deviation - slack)
        let lower = max(0, lowerSum - deviation - slack)
        guard upper.isFinite, lower.isFinite else {
            return .ignored
        }
        upperSum = upper
        lowerSum = lower
        observationCount += 1
        let limit = settings.threshold * sigma
        if settings.mode != .down && upper > limit {
            resetsOnNextObservation = true
            return .alarm(.upward)
        }
        if settings.mode != .up && lower > limit {
            resetsOnNextObservation = true
            return .alarm(.downward)
        }
        return .inControl
    }

    /// Forgets the baseline and the sums: the next `settings.warmUpCount` observations learn a
    /// new baseline. Call it at every deploy, rollback or label move.
    public mutating func reset() {
        self = CUSUMDetector(settings: settings)
    }

    private mutating func warmUp(with value: Double) -> ChangePointSignal {
        guard let next = estimator.adding(value) else {
            return .ignored
        }
        estimator = next
        observationCount += 1
        if next.count >= settings.warmUpCount {
            baseline = next.baseline
        }
        return .warmingUp
    }
}
