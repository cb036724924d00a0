/// The settings a drift verdict is judged by: PSI tier thresholds and the minimum number of
/// observations each window needs before any verdict.
public struct DriftPolicy: Sendable, Codable, Hashable {
    /// PSI from which the shift is moderate (0.1; Evidently's single drift threshold).
    public var moderatePSI: Double
    /// PSI from which the shift is major (0.25).
    public var majorPSI: Double
    /// Observations each window needs before a verdict (1,000). Below that PSI is mostly
    /// sampling noise: two windows of the same lognormal latency over vLLM's 22 buckets give
    /// PSI ≥ 0.1 in 77 % of draws at 100 each, 9 % at 300 and none of 2,000 at 1,000 (99th
    /// percentile 0.041; notes/drift-statistics.md). At least one observation is always needed.
    public var minimumCountPerWindow: Double

    public init(moderatePSI: Double = 0.1, majorPSI: Double = 0.25, minimumCountPerWindow: Double = 1000) {
        self.moderatePSI = moderatePSI
        self.majorPSI = majorPSI
        self.minimumCountPerWindow = minimumCountPerWindow
    }

    /// The tier of a PSI value; inclusive at each threshold, so PSI = 0.1 is moderate.
    public func tier(psi: Double) -> DriftTier {
        if psi >= majorPSI {
            return .major
        }
        return psi >= moderatePSI ? .moderate : .none
    }
}
