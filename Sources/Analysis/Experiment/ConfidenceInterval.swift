/// A two-sided interval for an estimate, in the estimate's units (a rate, seconds, a lift).
public struct ConfidenceInterval: Sendable, Hashable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// An interval centred on `center`, `halfWidth` either side.
    init(center: Double, halfWidth: Double) {
        self.init(lower: center - halfWidth, upper: center + halfWidth)
    }

    /// Whether `value` lies inside, bounds included.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}
