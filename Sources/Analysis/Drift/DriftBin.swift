/// One bucket of a drift comparison: both windows' counts and shares and the bucket's PSI term.
public struct DriftBin: Sendable, Codable, Hashable {
    /// The bucket's upper bound as a label: the shortest text that reads back as the bound
    /// ("0.5", "7680.0"), "+Inf" for the last bucket. Text, so that a report encodes as JSON.
    public let upperBound: String
    /// Observations in the bucket, baseline window.
    public let baselineCount: Double
    /// Observations in the bucket, current window.
    public let currentCount: Double
    /// The bucket's share of the baseline window (0…1).
    public let baselineShare: Double
    /// The bucket's share of the current window (0…1).
    public let currentShare: Double
    /// (q − p)·ln(q/p) with Evidently's ε for an empty share; 0 when both windows are empty here.
    /// For a new range this is the term Evidently would add, shown but not part of the PSI.
    public let contribution: Double
    /// Empty in the baseline, observed in the current window: values in a range the baseline
    /// never saw. Left out of the PSI sum (its term depends on ε more than on the data).
    public let isNewRange: Bool

    public init(
        upperBound: String,
        baselineCount: Double,
        currentCount: Double,
        baselineShare: Double,
        currentShare: Double,
        contribution: Double,
        isNewRange: Bool
    ) {
        self.upperBound = upperBound
        self.baselineCount = baselineCount
        self.currentCount = currentCount
        self.baselineShare = baselineShare
        self.currentShare = currentShare
        self.contribution = contribution
        self.isNewRange = isNewRange
    }
}
