/// The level a change-point detector compares a stream against, in the stream's unit.
public struct StreamBaseline: Sendable, Codable, Hashable {
    /// The baseline mean.
    public let mean: Double
    /// The baseline standard deviation (sample, n − 1; 0 from fewer than two observations).
    public let standardDeviation: Double

    /// A baseline from a known-good window; nil unless both are finite and the deviation is not
    /// negative.
    public init?(mean: Double, standardDeviation: Double) {
        guard mean.isFinite, standardDeviation.isFinite, standardDeviation >= 0 else {
            return nil
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}
