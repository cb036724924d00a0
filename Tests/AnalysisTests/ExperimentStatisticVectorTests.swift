import Analysis
import Foundation
import TestSupport
import Testing

/// The A/B tests against SciPy 1.17 and NumPy (scripts/reference/ab_vectors.py →
/// Tests/Fixtures/scipy/ab_vectors.json): `chi2_contingency`, `ttest_ind_from_stats`,
/// `chisquare`, statsmodels' Wilson formula, the mSPRT closed form at several τ², GrowthBook's N*
/// form and the sample-size formula. Bound: 10⁻⁹ relative (absolute near zero).
struct ExperimentStatisticVectorTests {
    private struct Vectors: Decodable {
        struct Proportions: Decodable {
            var control: [Double]
            var treatment: [Double]
            var confidence: Double
            var z: Double
            var p: Double
            var ci_low: Double
            var ci_high: Double
            var lift: Double
            var lift_se: Double
            var lift_p: Double
            var lift_ci_low: Double
            var lift_ci_high: Double
        }
        struct Welch: Decodable {
            var control: [Double]
            var treatment: [Double]
            var confidence: Double
            var t: Double
            var p: Double
            var df: Double
            var ci_low: Double
            var ci_high: Double
            var lift: Double
            var lift_p: Double
            var lift_ci_low: Double
            var lift_ci_high: Double
        }
        struct SampleRatio: Decodable {
            var observed: [Double]
            var weights: [Double]
            var chi2: Double
            var p: Double
        }
        struct Wilson: Decodable {
            var successes: Double
            var trials: Double
            var confidence: Double
            var low: Double
            var high: Double
        }
        struct Mixture: Decodable {
            var difference: Double
            var variance: Double
            var tau2: Double
            var alpha: Double
            var lambda: Double
            var p: Double
            var cs_low: Double
            var cs_high: Double
        }
        struct GrowthBook: Decodable {
            var alpha: Double
            var n_star: Double
            var total: Double
            var se: Double
            var difference: Double
            var rho: Double
            var half_width: Double
            var e: Double
            var p: Double
        }
        struct Size: Decodable {
            var p1: Double
            var p2: Double
            var alpha: Double
            var power: Double
            var n: Double
        }
        var proportions: [Proportions]
        var welch: [Welch]
        var srm: [SampleRatio]
        var wilson: [Wilson]
        var msprt: [Mixture]
        var growthbook_sequential: [GrowthBook]
        var sample_size: [Size]
    }

    private func vectors() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: TestPaths.fixture("scipy/ab_vectors.json"))
    }

    /// Relative agreement to 10⁻⁹, or absolute 10⁻¹² for values near zero.
    private func agrees(_ value: Double, _ expected: Double) -> Bool {
        abs(value - expected) <= max(1e-9 * abs(expected), 1e-12)
    }

    @Test func proportionComparisonsMatchSciPy() throws {
        for row in try vectors().proportions {
            let comparison = try #require(
                ProportionComparison(
                    control: ProportionSample(successes: row.control[0], trials: row.control[1]),
                    treatment: ProportionSample(successes: row.treatment[0], trials: row.treatment[1]),
                    confidence: row.confidence
                )
            )
            let label = "\(row.control) vs \(row.treatment)"
            #expect(agrees(comparison.absolute.statistic, row.z), "\(label): z")
            #expect(agrees(comparison.absolute.pValue, row.p), "\(label): p \(comparison.absolute.pValue)")
            #expect(agrees(comparison.absolute.interval.lower, row.ci_low), "\(label): CI low")
            #expect(agrees(comparison.absolute.interval.upper, row.ci_high), "\(label): CI high")
            let lift = try #require(comparison.relative)
            #expect(agrees(lift.estimate, row.lift), "\(label): lift")
            #expect(agrees(lift.standardError, row.lift_se), "\(label): lift SE")
            #expect(agrees(lift.pValue, row.lift_p), "\(label): lift p")
            #expect(agrees(lift.interval.lower, row.lift_ci_low), "\(label): lift CI low")
            #expect(agrees(lift.interval.upper, row.lift_ci_high), "\(label): lift CI high")
        }
    }

    @Test func welchComparisonsMatchSciPy() throws {
        for row in try vectors().welch {
            let welch = try #require(
                MeanComparison(
                    control: MeanSample(mean: row.control[0], standardDeviation: row.control[1], count: row.control[2]),
                    treatment: MeanSample(
                        mean: row.treatment[0],
                        standardDeviation: row.treatment[1],
                        count: row.treatment[2]
                    ),
                    confidence: row.confidence
                )
            )
            let label = "\(row.control) vs \(row.treatment)"
            #expect(agrees(welch.absolute.statistic, row.t), "\(label): t")
            #expect(agrees(welch.absolute.pValue, row.p), "\(label): p \(welch.absolute.pValue)")
            #expect(agrees(welch.degreesOfFreedom, row.df), "\(label): ν")
            #expect(agrees(welch.absolute.interval.lower, row.ci_low), "\(label): CI low")
            #expect(agrees(welch.absolute.interval.upper, row.ci_high), "\(label): CI high")
            let lift = try #require(welch.relative)
            #expect(agrees(lift.estimate, row.lift), "\(label): lift")
            #expect(agrees(lift.pValue, row.lift_p), "\(label): lift p")
            #expect(agrees(lift.interval.lower, row.lift_ci_low), "\(label): lift CI low")
            #expect(agrees(lift.interval.upper, row.lift_ci_high), "\(label): lift CI high")
        }
    }

    @Test func sampleRatioChecksMatchSciPyChisquareForTwoAndThreeArms() throws {
        let rows = try vectors().srm
        #expect(rows.contains { $0.observed.count == 3 })
        for row in rows {
            let check = try #require(SampleRatioCheck(observed: row.observed, expectedWeights: row.weights))
            #expect(agrees(check.chiSquare, row.chi2), "\(row.observed): χ²")
            #expect(agrees(check.pValue, row.p), "\(row.observed): p \(check.pValue), SciPy \(row.p)")
            #expect(check.isMismatch == (row.p < 0.001), "\(row.observed)")
        }
    }

    @Test func wilsonIntervalsMatchTheStatsmodelsFormula() throws {
        for row in try vectors().wilson {
            let sample = ProportionSample(successes: row.successes, trials: row.trials)
            let interval = try #require(sample.wilsonInterval(confidence: row.confidence))
            #expect(agrees(interval.lower, row.low), "\(row.successes)/\(row.trials): low \(interval.lower)")
            #expect(agrees(interval.upper, row.high), "\(row.successes)/\(row.trials): high \(interval.upper)")
        }
    }

    @Test func mixtureLooksMatchTheNumPyClosedFormAtSeveralTauSquared() throws {
        let rows = try vectors().msprt
        #expect(Set(rows.map(\.tau2)).count >= 5)
        for row in rows {
            let test = MixtureSequentialTest(alpha: row.alpha, tuning: .mixingVariance(row.tau2))
            let look = try #require(
                test.look(difference: row.difference, differenceVariance: row.variance, totalCount: 1000)
            )
            let label = "Δ \(row.difference), SE² \(row.variance), τ² \(row.tau2)"
            #expect(agrees(look.likelihoodRatio, row.lambda), "\(label): Λ")
            #expect(agrees(look.pValue, row.p), "\(label): p")
            #expect(agrees(look.confidenceSequence.lower, row.cs_low), "\(label): CS low")
            #expect(agrees(look.confidenceSequence.upper, row.cs_high), "\(label): CS high")
        }
    }

    @Test func plannedSampleSizeTuningEqualsGrowthBooksFormula() throws {
        for row in try vectors().growthbook_sequential {
            #expect(agrees(SequentialTuning.growthBookRho(alpha: row.alpha, plannedTotal: row.n_star), row.rho))
            let test = MixtureSequentialTest(alpha: row.alpha, tuning: .plannedSampleSize(row.n_star))
            let look = try #require(
                test.look(difference: row.difference, differenceVariance: row.se * row.se, totalCount: row.total)
            )
            let halfWidth = (look.confidenceSequence.upper - look.confidenceSequence.lower) / 2
            #expect(agrees(halfWidth, row.half_width), "N* \(row.n_star): half-width \(halfWidth)")
            #expect(agrees(look.likelihoodRatio, row.e), "N* \(row.n_star): E")
            #expect(agrees(look.pValue, row.p), "N* \(row.n_star): p")
        }
    }

    @Test func sampleSizesMatchTheFormulaWithSciPyQuantiles() throws {
        for row in try vectors().sample_size {
            let n = SampleSize.perArm(baselineRate: row.p1, treatmentRate: row.p2, alpha: row.alpha, power: row.power)
            #expect(n == row.n, "\(row.p1) → \(row.p2): \(String(describing: n))")
        }
    }
}
