/// Bounded distances between two discrete distributions over the same bins.
///
/// The public functions take weights in any scale (counts or shares) and normalise each side
/// to sum 1, as SciPy does; they give nil when the lengths differ, there are no bins, a weight
/// is negative or not finite, or a side sums to 0.
public enum DistributionDistance {
    /// The Jensen–Shannon distance √(JSD), JSD = ½·KL(p‖m) + ½·KL(q‖m), m = (p + q)/2, with
    /// logarithms to `base`: in [0, 1] for base 2 (the default, NannyML's), [0, √ln 2] for e
    /// (Evidently's). Raw shares, no ε: an empty bin contributes 0·ln 0 = 0.
    ///
    /// Matches `scipy.spatial.distance.jensenshannon(p, q, base=base)`; where rounding leaves the
    /// divergence a hair below 0 (near-identical inputs) it gives 0 where SciPy gives NaN.
    public static func jensenShannon(_ p: [Double], _ q: [Double], base: Double = 2) -> Double? {
        guard base > 0, base != 1, base.isFinite, let (p, q) = normalised(p, q) else {
            return nil
        }
        return jensenShannon(shares: p, q, base: base)
    }

    /// The Hellinger distance √(½·Σ(√pᵢ − √qᵢ)²), in [0, 1] (whylogs' drift tiers: < 0.15
    /// none, < 0.4 possible, else drift; llmops-methods §3.3).
    public static func hellinger(_ p: [Double], _ q: [Double]) -> Double? {
        guard let (p, q) = normalised(p, q) else {
            return nil
        }
        return hellinger(shares: p, q)
    }

    /// `jensenShannon` on shares that already sum to 1.
    static func jensenShannon(shares p: [Double], _ q: [Double], base: Double = 2) -> Double {
        var divergence = 0.0
        for (a, b) in zip(p, q) {
            let middle = (a + b) / 2
            if a > 0 {
                divergence += a * Elementary.log(a / middle)
            }
            if b > 0 {
                divergence += b * Elementary.log(b / middle)
            }
        }
        return (max(0, divergence) / Elementary.log(base) / 2).squareRoot()
    }

    /// `hellinger` on shares that already sum to 1, as a sum of squares rather than
    /// √(1 − Σ√(pᵢqᵢ)), which loses the digits of small distances.
    static func hellinger(shares p: [Double], _ q: [Double]) -> Double {
        var sum = 0.0
        for (a, b) in zip(p, q) {
            let difference = a.squareRoot() - b.squareRoot()
            sum += difference * difference
        }
        return (sum / 2).squareRoot()
    }

    /// Both sides divided by their sums, or nil for inputs without a distribution.
    private static func normalised(_ p: [Double], _ q: [Double]) -> ([Double], [Double])? {
        guard !p.isEmpty, p.count == q.count, (p + q).allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            return nil
        }
        let pTotal = p.reduce(0, +)
        let qTotal = q.reduce(0, +)
        guard pTotal > 0, qTotal > 0, pTotal.isFinite, qTotal.isFinite else {
            return nil
        }
        return (p.map { $0 / pTotal }, q.map { $0 / qTotal })
    }
}
