/// A normal prior N(mean, standardDeviation²) on an effect.
public struct NormalPrior: Sendable, Hashable {
    /// The prior mean.
    public var mean: Double
    /// The prior standard deviation; 0 or less means no prior.
    public var standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// GrowthBook's proper prior on the relative lift, N(0, 0.3²)
    /// (`DEFAULT_PROPER_PRIOR_STDDEV = 0.3`).
    public static let growthBookRelative = NormalPrior(mean: 0, standardDeviation: 0.3)
}
