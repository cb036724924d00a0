/// Why no drift verdict is given yet: a window holds fewer observations than the policy needs.
public struct DriftShortfall: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Observations in the baseline window.
    public let baselineCount: Double
    /// Observations in the current window.
    public let currentCount: Double
    /// Observations each window needs (`DriftPolicy.minimumCountPerWindow`, at least 1).
    public let minimumCount: Double

    public init(baselineCount: Double, currentCount: Double, minimumCount: Double) {
        self.baselineCount = baselineCount
        self.currentCount = currentCount
        self.minimumCount = minimumCount
    }

    /// "Not enough data: 40 baseline / 1,250 current observations, need 1,000 in each window".
    public var description: String {
        "Not enough data: \(NumberText.grouped(baselineCount)) baseline / \(NumberText.grouped(currentCount)) "
            + "current observations, need \(NumberText.grouped(minimumCount)) in each window"
    }
}
