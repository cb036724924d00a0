import Analysis
import Foundation
import Testing

/// The worked examples of llmops-methods.md §3.2 and §3.4 (KS), reproduced to 4 significant
/// digits. The reference gives shares; here they are counts of 100 per window, the gate
/// lowered to match. §3.4's Wasserstein example has no counterpart: no Wasserstein distance is
/// computed on bucket counts (the +Inf bucket has no position).
struct DriftReferenceExampleTests {
    /// Whether `value` agrees with `printed` to 4 significant digits.
    private func matchesFourDigits(_ value: Double, _ printed: Double) -> Bool {
        let unit = pow(10, floor(log10(abs(printed))) - 3)
        return abs(value - printed) <= unit / 2
    }

    private let policy = DriftPolicy(minimumCountPerWindow: 100)

    // §3.2 example 1: ref = [.12, .25, .31, .20, .12], cur = [.09, .21, .29, .26, .15].
    @Test func fiveBinExampleGivesThePSIAndDistancesOfTheReference() throws {
        let baseline = [12.0, 25, 31, 20, 12]
        let current = [9.0, 21, 29, 26, 15]
        let assessment = try DriftAssessment(
            upperBounds: [1, 2, 3, 4, .infinity],
            baseline: baseline,
            current: current,
            policy: policy
        )
        let report = try #require(assessment.report)
        #expect(matchesFourDigits(report.psi, 0.039375))
        #expect(report.tier == .none)
        #expect(matchesFourDigits(report.jensenShannonDistance, 0.084161))
        #expect(matchesFourDigits(report.hellingerDistance, 0.070112))
        let natural = try #require(DistributionDistance.jensenShannon(baseline, current, base: exp(1.0)))
        #expect(matchesFourDigits(natural, 0.070069))
        #expect(!report.hasNewRange)
    }

    // §3.2 example 2: ref = [.30, .50, .20, 0], cur = [.25, .45, .20, .10]; Evidently's ε = 0.0001.
    @Test func emptyBaselineBinIsReportedAsANewRangeOutsideThePSI() throws {
        let assessment = try DriftAssessment(
            upperBounds: [1, 2, 3, .infinity],
            baseline: [30, 50, 20, 0],
            current: [25, 45, 20, 10],
            policy: policy
        )
        let report = try #require(assessment.report)
        #expect(report.baselineEpsilon == 0.0001)
        #expect(report.bins.map(\.isNewRange) == [false, false, false, true])
        #expect(report.newRangeShare == 0.1)
        let newRange = report.bins[3]
        #expect(abs(newRange.contribution - 0.690) < 0.0005)
        #expect(matchesFourDigits(report.psi + newRange.contribution, 0.7045))
        let kept = report.bins[0...2].reduce(0) { $0 + $1.contribution }
        #expect(report.psi == kept)
        #expect(report.psi < 0.1 && report.tier == .none)
    }

    // §3.4: a = [0.8, 1.1, …], b = 1.3·a → D = 0.6, p = 0.052448 (ks_2samp, exact mode). Each
    // distinct value is its own bucket, so the binned test is the test on the raw samples.
    @Test func ksOnSamplesBinnedByTheirValuesGivesTheExactTwoSampleP() throws {
        let a = [0.8, 1.1, 0.9, 1.3, 1.0, 1.2, 0.7, 1.05, 0.95, 1.15]
        let b = a.map { 1.3 * $0 }
        let bounds = Array(Set(a + b)).sorted() + [.infinity]
        let counts = { (sample: [Double]) in bounds.map { bound in Double(sample.filter { $0 == bound }.count) } }
        let assessment = try DriftAssessment(
            upperBounds: bounds,
            baseline: counts(a),
            current: counts(b),
            policy: DriftPolicy(minimumCountPerWindow: 10)
        )
        let report = try #require(assessment.report)
        #expect(matchesFourDigits(report.ksStatistic, 0.6))
        #expect(matchesFourDigits(try #require(report.ksPValue), 0.052448))
    }
}
