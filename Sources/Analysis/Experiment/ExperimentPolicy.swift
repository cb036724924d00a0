/// The settings a verdict is judged by; the defaults are GrowthBook's where it has one.
public struct ExperimentPolicy: Sendable, Hashable {
    /// The sequential test, with α (0.05) and the τ² tuning (N* = 5,000).
    public var test: MixtureSequentialTest
    /// The power the "more requests needed" estimate aims for (0.8, GrowthBook's default).
    public var power: Double
    /// The smallest change of the rate worth detecting, absolute (0.01 = one percentage point).
    public var minimumDetectableEffect: Double
    /// No verdict until every arm has this many requests (GrowthBook `DEFAULT_MIN_SAMPLE_SIZE`
    /// is 150); at least one request per arm is always required.
    public var minimumRequestsPerArm: Double
    /// The configured split, one weight per arm, control first; empty for equal.
    public var expectedSplit: [Double]
    /// The SRM p-value threshold (0.001, GrowthBook `DEFAULT_SRM_THRESHOLD`).
    public var srmThreshold: Double
    /// The primary rate's name in verdicts: "success".
    public var metric: String

    public init(
        test: MixtureSequentialTest = MixtureSequentialTest(),
        power: Double = 0.8,
        minimumDetectableEffect: Double = 0.01,
        minimumRequestsPerArm: Double = 150,
        expectedSplit: [Double] = [],
        srmThreshold: Double = SampleRatioCheck.defaultThreshold,
        metric: String = "success"
    ) {
        self.test = test
        self.power = power
        self.minimumDetectableEffect = minimumDetectableEffect
        self.minimumRequestsPerArm = minimumRequestsPerArm
        self.expectedSplit = expectedSplit
        self.srmThreshold = srmThreshold
        self.metric = metric
    }
}
