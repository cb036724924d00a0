/// Sample-ratio mismatch: whether requests split between variants as configured. A mismatch
/// makes every other result untrustworthy (traffic is being routed or dropped selectively), so
/// it is shown before and above them.
///
/// χ² = Σ (oᵢ − eᵢ)²/eᵢ with eᵢ = wᵢ/Σw · N, df = k − 1, p = `chi2.sf(χ², k − 1)`, flagged at
/// p < 0.001 (GrowthBook gbstats `utils.py check_srm`, `DEFAULT_SRM_THRESHOLD`;
/// llmops-methods §2.6). Arms with weight ≤ 0 are left out of the test altogether.
public struct SampleRatioCheck: Sendable, Hashable {
    /// GrowthBook's threshold.
    public static let defaultThreshold = 0.001

    /// The χ² statistic.
    public let chiSquare: Double
    /// k − 1, k the number of arms with a positive weight.
    public let degreesOfFreedom: Int
    /// P(χ²_{k−1} > χ²).
    public let pValue: Double
    /// p < threshold.
    public let isMismatch: Bool
    /// Each tested arm's share of the requests, in input order (0…1).
    public let observedShares: [Double]
    /// Each tested arm's configured share, in input order (0…1).
    public let expectedShares: [Double]

    /// Tests observed requests per arm against weights; nil when the lengths differ, an input
    /// is negative or not finite, fewer than two arms have a positive weight, or there are no
    /// requests yet.
    /// - Parameters:
    ///   - observed: requests per arm.
    ///   - expectedWeights: the configured split in any scale (50/50, 0.9/0.1); empty for equal.
    ///   - threshold: the p-value below which the split is flagged.
    public init?(observed: [Double], expectedWeights: [Double] = [], threshold: Double = defaultThreshold) {
        let weights = expectedWeights.isEmpty ? Array(repeating: 1.0, count: observed.count) : expectedWeights
        guard weights.count == observed.count,
            !observed.contains(where: { !($0 >= 0 && $0.isFinite) }),
            !weights.contains(where: { !$0.isFinite })
        else {
            return nil
        }
        let tested = zip(observed, weights).filter { $0.1 > 0 }
        let total = tested.reduce(0) { $0 + $1.0 }
        let weightTotal = tested.reduce(0) { $0 + $1.1 }
        guard tested.count >= 2, total > 0 else {
            return nil
        }
        var statistic = 0.0
        for (count, weight) in tested {
            let expected = weight / weightTotal * total
            statistic += (count - expected) * (count - expected) / expected
        }
        chiSquare = statistic
        degreesOfFreedom = tested.count - 1
        pValue = ChiSquared.survival(statistic, degreesOfFreedom: Double(tested.count - 1))
        isMismatch = pValue < threshold
        observedShares = tested.map { $0.0 / total }
        expectedShares = tested.map { $0.1 / weightTotal }
    }
}
