/// How far the current window has moved from the baseline, read from PSI with the conventional
/// cut-offs: none < 0.1 ≤ moderate < 0.25 ≤ major (llmops-methods §3.2: PAI, R `scorecard`,
/// MathWorks; Evidently flags drift from 0.1).
public enum DriftTier: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case none
    case moderate
    case major

    public static func < (lhs: DriftTier, rhs: DriftTier) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .moderate: 1
        case .major: 2
        }
    }
}
