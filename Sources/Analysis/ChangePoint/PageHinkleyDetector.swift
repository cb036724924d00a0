/// The Page–Hinkley test on a metric stream: a sustained rise above the stream's own mean.
///
/// x̄ is the running mean since the last reset; S = max(0, α·S + (x − x̄ − δ)); an alarm when
/// S ≥ λ (Page 1954, Hinkley 1971; llmops-methods §3.5; river @ 38c86517
/// `river/drift/page_hinkley.py`, whose update and defaults these are). Upward only, as the
/// reference gives it: higher latency, more errors.
///
/// The mean is not frozen after warm-up, unlike `CUSUMDetector`'s baseline. Page–Hinkley has no
/// slack in units of σ, only δ, so a frozen mean's estimation error (σ/√30 after the default
/// warm-up) would add up observation after observation into a false alarm; the running mean
/// carries no such bias. Its baseline is therefore "everything since the last reset", which is
/// why it must be reset at every deploy, rollback or label move.
///
/// δ and λ are in the stream's unit. River's defaults (δ 0.005, λ 50) fit a latency in
/// milliseconds, as in the reference's example; for seconds or ratios scale them, or use
/// `CUSUMDetector`, whose parameters are in standard deviations.
///
/// A value type: persist it with `Codable` and it continues where it stopped.
public struct PageHinkleyDetector: Sendable, Codable, Hashable {
    /// The detector's parameters; the defaults are river's and the reference's.
    public struct Settings: Sendable, Codable, Hashable {
        /// Observations after a reset that never alarm (`min_instances` 30).
        public var warmUpCount: Int
        /// δ, the rise tolerated per observation, in the stream's unit (0.005).
        public var delta: Double
        /// λ, the level S must reach, in the stream's unit (50).
        public var threshold: Double
        /// α, the forgetting factor applied to S at each step (1 − 0.0001).
        public var forgetting: Double

        public init(warmUpCount: Int = 30, delta: Double = 0.005, threshold: Double = 50, forgetting: Double = 0.9999) {
            self.warmUpCount = warmUpCount
            self.delta = delta
            self.threshold = threshold
            self.forgetting = forgetting
        }
    }

    /// The parameters.
    public let settings: Settings
    /// x̄, the mean of the observations since the last reset.
    public private(set) var mean = 0.0
    /// S, the cumulative rise above the mean (for a sparkline against `settings.threshold`).
    public private(set) var statistic = 0.0
    /// Observations taken since the last reset, warm-up included.
    public private(set) var observationCount = 0
    private var resetsOnNextObservation = false

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether the detector is still inside its warm-up.
    public var isWarmingUp: Bool {
        observationCount < settings.warmUpCount
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
        let count = observationCount + 1
        let nextMean = mean + (value - mean) / Double(count)
        let nextStatistic = max(0, settings.forgetting * statistic + (value - nextMean - settings.delta))
        guard nextMean.isFinite, nextStatistic.isFinite else {
            return .ignored
        }
        mean = nextMean
        statistic = nextStatistic
        observationCount = count
        if count <= settings.warmUpCount {
            return .warmingUp
        }
        if statistic >= settings.threshold {
            resetsOnNextObservation = true
            return .alarm(.upward)
        }
        return .inControl
    }

    /// Forgets the mean and the statistic: the stream since the next observation is the new
    /// baseline. Call it at every deploy, rollback or label move.
    public mutating func reset() {
        self = PageHinkleyDetector(settings: settings)
    }
}
