/// The summary of a numeric metric in one arm: mean, sample standard deviation and count.
public struct MeanSample: Sendable, Hashable {
    /// The arithmetic mean, in the metric's unit.
    public var mean: Double
    /// The sample standard deviation (n − 1 denominator), in the metric's unit.
    public var standardDeviation: Double
    /// The number of observations.
    public var count: Double

    public init(mean: Double, standardDeviation: Double, count: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.count = count
    }
}
