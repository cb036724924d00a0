/// The population stability index's terms, with Evidently's empty-bin convention.
///
/// PSI = Σ (qᵢ − pᵢ)·ln(qᵢ/pᵢ), p the baseline shares, q the current ones (llmops-methods §3.2).
/// A zero share has no logarithm, so it is replaced by ε, chosen per window as Evidently does
/// (`legacy/calculations/stattests/utils.py get_binned_data`, `fill_zeroes`): the smallest
/// non-zero share of that window divided by 10⁶ when that share is ≤ 0.0001, else 0.0001. The
/// shares are not renormalised afterwards. A bin empty in both windows has no term at all (ε
/// would add (ε_q − ε_p)·ln(ε_q/ε_p), noise from the two windows' sizes).
enum PopulationStability {
    /// Evidently's stand-in for an empty share of the window whose shares are given; 0.0001 when
    /// the window has no non-zero share.
    static func emptyShare(_ shares: [Double]) -> Double {
        let smallest = shares.filter { $0 > 0 }.min() ?? 1
        return smallest <= 0.0001 ? smallest / 1_000_000 : 0.0001
    }

    /// One bin's term, (q − p)·ln(q/p), with an empty share replaced by its window's ε; 0 when
    /// both shares are 0.
    static func term(baseline p: Double, current q: Double, baselineEmpty: Double, currentEmpty: Double) -> Double {
        if p == 0 && q == 0 {
            return 0
        }
        let expected = p > 0 ? p : baselineEmpty
        let actual = q > 0 ? q : currentEmpty
        return (actual - expected) * Elementary.log(actual / expected)
    }
}
