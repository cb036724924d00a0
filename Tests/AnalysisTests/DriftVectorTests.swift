import Analysis
import Foundation
import TestSupport
import Testing

/// Drift reports against NumPy and SciPy 1.17 (scripts/reference/drift_vectors.py →
/// Tests/Fixtures/scipy/drift_vectors.json): PSI and its terms with Evidently's ε and the
/// new-range rule, the binned KS statistic with `ks_2samp(method="exact")` or `kstwobign.sf`
/// p-values, `jensenshannon(base=2)`, Hellinger, tiers; 23 cases, from 4 observations to 10⁵.
/// Bound: 10⁻⁹ relative (10⁻¹² absolute near zero).
struct DriftVectorTests {
    private struct Vectors: Decodable {
        struct Case: Decodable {
            var name: String
            var bounds: [Double]
            var baseline: [Double]
            var current: [Double]
            var baseline_shares: [Double]
            var current_shares: [Double]
            var contributions: [Double]
            var new_range: [Bool]
            var psi: Double
            var baseline_epsilon: Double
            var current_epsilon: Double
            var new_range_share: Double
            var ks: Double
            var ks_p: Double?
            var js: Double
            var hellinger: Double
            var tier: String
        }
        struct Kolmogorov: Decodable {
            var x: Double
            var sf: Double
        }
        var drift: [Case]
        var kolmogorov_sf: [Kolmogorov]
    }

    private func vectors() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: TestPaths.fixture("scipy/drift_vectors.json"))
    }

    /// Relative agreement to 10⁻⁹, or absolute 10⁻¹² for values near zero.
    private func agrees(_ value: Double, _ expected: Double) -> Bool {
        abs(value - expected) <= max(1e-9 * abs(expected), 1e-12)
    }

    private func report(for row: Vectors.Case) throws -> DriftReport {
        let assessment = try DriftAssessment(
            upperBounds: row.bounds + [.infinity],
            baseline: row.baseline,
            current: row.current,
            policy: DriftPolicy(minimumCountPerWindow: 1)
        )
        return try #require(assessment.report, "\(row.name)")
    }

    @Test func psiTermsAndNewRangesMatchNumPy() throws {
        for row in try vectors().drift {
            let report = try report(for: row)
            #expect(agrees(report.psi, row.psi), "\(row.name): PSI \(report.psi)")
            #expect(agrees(report.baselineEpsilon, row.baseline_epsilon), "\(row.name): baseline ε")
            #expect(agrees(report.currentEpsilon, row.current_epsilon), "\(row.name): current ε")
            #expect(agrees(report.newRangeShare, row.new_range_share), "\(row.name): new-range share")
            #expect(report.bins.map(\.isNewRange) == row.new_range, "\(row.name): new ranges")
            #expect(report.tier.rawValue == row.tier, "\(row.name): tier")
            #expect(report.baselineCount == row.baseline.reduce(0, +), "\(row.name): baseline count")
            #expect(report.currentCount == row.current.reduce(0, +), "\(row.name): current count")
            for (index, bin) in report.bins.enumerated() {
                #expect(agrees(bin.contribution, row.contributions[index]), "\(row.name): term \(index)")
                #expect(agrees(bin.baselineShare, row.baseline_shares[index]), "\(row.name): p \(index)")
                #expect(agrees(bin.currentShare, row.current_shares[index]), "\(row.name): q \(index)")
            }
        }
    }

    @Test func binnedKolmogorovSmirnovMatchesSciPy() throws {
        for row in try vectors().drift {
            let report = try report(for: row)
            #expect(agrees(report.ksStatistic, row.ks), "\(row.name): D \(report.ksStatistic)")
            if let expected = row.ks_p {
                let p = try #require(report.ksPValue, "\(row.name): no p-value")
                #expect(agrees(p, expected), "\(row.name): p \(p) vs \(expected)")
            } else {
                #expect(report.ksPValue == nil, "\(row.name): p-value for fractional counts")
            }
        }
    }

    @Test func jensenShannonAndHellingerMatchSciPy() throws {
        for row in try vectors().drift {
            let report = try report(for: row)
            #expect(agrees(report.jensenShannonDistance, row.js), "\(row.name): JS \(report.jensenShannonDistance)")
            #expect(agrees(report.hellingerDistance, row.hellinger), "\(row.name): Hellinger")
            let direct = try #require(DistributionDistance.jensenShannon(row.baseline, row.current))
            #expect(agrees(direct, row.js), "\(row.name): JS from counts")
        }
    }

    @Test func bucketLabelsNameTheBoundsWithInfinityLast() throws {
        let row = try #require(try vectors().drift.first)
        let report = try report(for: row)
        #expect(report.bins.map(\.upperBound) == ["1.0", "2.0", "3.0", "4.0", "+Inf"])
    }

    @Test func kolmogorovLimitMatchesKstwobign() throws {
        for row in try vectors().kolmogorov_sf {
            let sf = KolmogorovDistribution.survival(row.x)
            #expect(agrees(sf, row.sf), "x = \(row.x): \(sf) vs \(row.sf)")
        }
    }
}
