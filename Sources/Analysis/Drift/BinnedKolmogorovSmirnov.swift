/// The two-sample Kolmogorov–Smirnov test on binned counts: D is the largest gap between the
/// two windows' cumulative shares at the bucket bounds.
///
/// Only the bounds are seen, not the observations, so D is the largest gap at those points and
/// never more than the gap the raw data would show; and observations tied inside a bucket make
/// the null distribution of D more concentrated than the continuous one used for the p-value.
/// Both make the p-value conservative (too large), and approximate: read it as a lower bound on
/// the evidence.
///
/// The p-value for D = d:
/// - whole counts and n_b·n_c ≤ 10⁶: the exact P(D ≥ d) for continuous data,
///   SciPy's `ks_2samp(method="exact")` (below);
/// - whole counts beyond that: Kolmogorov's limit Q(√(n_b n_c/(n_b + n_c))·d), `kstwobign.sf`.
///   It is within 0.04 % of the exact law at n_b = n_c = 1,000, and above it (conservative) for
///   the unequal windows checked (50/200, 20/1,000, 3,000/5,000). (SciPy's own large-sample rule, `kstwo.sf(d, round(en))`, which whylogs also
///   uses, is anti-conservative for equal windows: 0.0470 against the exact 0.0539 at 100/100,
///   D = 0.19.)
/// - any fractional count (rates, extrapolated increases): nil; such numbers are not counts of
///   observations and have no sample size.
enum BinnedKolmogorovSmirnov {
    /// The largest n_b·n_c for which the exact distribution is computed: at most ~10⁶ lattice
    /// steps (70 ms in a debug build).
    static let exactLimit = 1_000_000.0

    /// max over the bounds of |F_b − F_c|, F the cumulative shares.
    static func statistic(
        baseline: [Double],
        current: [Double],
        baselineTotal: Double,
        currentTotal: Double
    ) -> Double {
        largestGap(baseline, current, baselineScale: 1 / baselineTotal, currentScale: 1 / currentTotal)
    }

    /// P(D ≥ statistic) under equal distributions, or nil unless every count is a whole number.
    static func pValue(baseline: [Double], current: [Double], statistic: Double) -> Double? {
        guard baseline.allSatisfy({ $0 == $0.rounded() }), current.allSatisfy({ $0 == $0.rounded() }) else {
            return nil
        }
        if statistic == 0 {
            return 1
        }
        let baselineTotal = baseline.reduce(0, +)
        let currentTotal = current.reduce(0, +)
        if baselineTotal * currentTotal <= exactLimit {
            return exactPValue(baseline: baseline.map { Int($0) }, current: current.map { Int($0) })
        }
        let effective = 1 / (1 / baselineTotal + 1 / currentTotal)
        return KolmogorovDistribution.survival(effective.squareRoot() * statistic)
    }

    /// The exact two-sided P(D ≥ d) for whole counts, d taken exactly as the largest
    /// |C_b·n_c − C_c·n_b|/(n_b·n_c) over the cumulative counts C.
    private static func exactPValue(baseline: [Int], current: [Int]) -> Double {
        let m = baseline.reduce(0, +)
        let n = current.reduce(0, +)
        let divisor = greatestCommonDivisor(m, n)
        let mScaled = m / divisor
        let nScaled = n / divisor
        let gap = largestGap(baseline, current, baselineScale: nScaled, currentScale: mScaled)
        return gap == 0 ? 1 : pathsLeavingBand(m: m, n: n, mScaled: mScaled, nScaled: nScaled, gap: gap)
    }

    /// The share of the C(m+n, m) monotone lattice paths from (0, 0) to (m, n) that touch
    /// |i·n/g − j·m/g| ≥ gap: under H₀ every interleaving of the two samples is equally likely,
    /// and the path through (i, j) has ECDF gap |i/m − j/n| there (Hodges 1958).
    ///
    /// q(i, j), the chance that a uniformly random path to (i, j) has touched the boundary, is 1
    /// on or beyond it and (i·q(i−1, j) + j·q(i, j−1))/(i + j) inside, with q(0, 0) = 0: the
    /// recursion for 1 − p that Viehmann (2021, arXiv:2102.08037) gives and SciPy's exact
    /// `ks_2samp` uses. Every q is an average of numbers in [0, 1], so nothing overflows and
    /// small p keep their relative precision.
    private static func pathsLeavingBand(m: Int, n: Int, mScaled: Int, nScaled: Int, gap: Int) -> Double {
        var touched = [Double](repeating: 0, count: n + 1)
        for i in 0...m {
            for j in 0...n where i + j > 0 {
                if abs(i * nScaled - j * mScaled) >= gap {
                    touched[j] = 1
                } else {
                    let fromLeft = j > 0 ? Double(j) * touched[j - 1] : 0
                    touched[j] = (Double(i) * touched[j] + fromLeft) / Double(i + j)
                }
            }
        }
        return touched[n]
    }

    /// max over the bounds of |C_b·baselineScale − C_c·currentScale|, C the running sums of the
    /// counts: D with scales 1/n, or D·lcm(n_b, n_c) in whole numbers with scales n_c/g, n_b/g.
    private static func largestGap<Count: SignedNumeric & Comparable>(
        _ baseline: [Count],
        _ current: [Count],
        baselineScale: Count,
        currentScale: Count
    ) -> Count {
        var baselineCumulative: Count = 0
        var currentCumulative: Count = 0
        var largest: Count = 0
        for (b, c) in zip(baseline, current) {
            baselineCumulative += b
            currentCumulative += c
            largest = max(largest, abs(baselineCumulative * baselineScale - currentCumulative * currentScale))
        }
        return largest
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 {
            (x, y) = (y, x % y)
        }
        return x
    }
}
