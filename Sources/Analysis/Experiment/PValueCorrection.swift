/// Corrections of p-values for testing several treatments against one control.
public enum PValueCorrection {
    /// Holm–Bonferroni adjusted p-values, in the order given: controls the family-wise error
    /// rate at α when each adjusted p is compared with α.
    ///
    /// Sort ascending, multiply the i-th (from 0) by m − i, take the running maximum, cap at 1
    /// (GrowthBook `adjustPValuesHolmBonferroni`, packages/shared/src/experiments/experiments.ts;
    /// llmops-methods §2.8). Valid for always-valid p-values too.
    public static func holm(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = pValues
        var runningMaximum = 0.0
        for (rank, index) in order.enumerated() {
            runningMaximum = max(runningMaximum, min(1, pValues[index] * Double(m - rank)))
            adjusted[index] = runningMaximum
        }
        return adjusted
    }

    /// Bonferroni adjusted p-values: each multiplied by the number of tests, capped at 1.
    public static func bonferroni(_ pValues: [Double]) -> [Double] {
        pValues.map { min(1, $0 * Double(pValues.count)) }
    }

    /// Benjamini–Hochberg adjusted p-values, in the order given: controls the false discovery
    /// rate for independent or positively correlated tests.
    ///
    /// Sort descending, multiply the i-th (from 0) by m/(m − i), take the running minimum, cap at
    /// 1 (GrowthBook `adjustPValuesBenjaminiHochberg`; SciPy `false_discovery_control(method="bh")`).
    public static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] > pValues[$1] }
        var adjusted = pValues
        var runningMinimum = 1.0
        for (rank, index) in order.enumerated() {
            runningMinimum = min(runningMinimum, pValues[index] * Double(m) / Double(m - rank))
            adjusted[index] = runningMinimum
        }
        return adjusted
    }
}
