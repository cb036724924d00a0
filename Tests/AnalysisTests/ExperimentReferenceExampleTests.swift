import Analysis
import Testing

/// Every worked example of llmops-methods.md §2 (A/B statistics), reproduced to the digits the
/// reference prints (at least 4 significant digits where it prints them).
struct ExperimentReferenceExampleTests {
    /// Whether `value` rounds to `printed`: within half a unit of the printed value's last digit.
    private func reproduces(_ value: Double, _ printed: String) -> Bool {
        guard let reference = Double(printed) else {
            return false
        }
        let parts = printed.lowercased().split(separator: "e")
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let decimals = parts[0].split(separator: ".").dropFirst().first?.count ?? 0
        var unit = 1.0
        for _ in 0..<abs(decimals - exponent) {
            unit *= 10
        }
        unit = decimals - exponent >= 0 ? 1 / unit : unit
        return abs(value - reference) <= unit / 2 * (1 + 1e-9)
    }

    // §2.1: latency in ms; control A 820/300/400, variant B 780/280/420.
    @Test func welchAbsoluteAndRelativeMatchTheLatencyExample() throws {
        let control = MeanSample(mean: 820, standardDeviation: 300, count: 400)
        let treatment = MeanSample(mean: 780, standardDeviation: 280, count: 420)
        let welch = try #require(MeanComparison(control: control, treatment: treatment))
        #expect(welch.absolute.estimate == -40)
        #expect(reproduces(welch.absolute.standardError, "20.2896"))
        #expect(reproduces(welch.absolute.statistic, "-1.97146"))
        #expect(reproduces(welch.degreesOfFreedom, "806.84"))
        #expect(reproduces(welch.absolute.pValue, "0.049013"))
        #expect(reproduces(welch.absolute.interval.lower, "-79.83"))
        #expect(reproduces(welch.absolute.interval.upper, "-0.17"))
        let lift = try #require(welch.relative)
        #expect(reproduces(lift.estimate * 100, "-4.878"))
        #expect(reproduces(lift.standardError * 100, "2.4091"))
        #expect(reproduces(lift.statistic, "-2.02483"))
        #expect(reproduces(lift.pValue, "0.043214"))
    }

    // §2.2: errors A 60/2000, B 36/2000.
    @Test func pooledZAndUnpooledIntervalMatchTheErrorRateExample() throws {
        let comparison = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 60, trials: 2000),
                treatment: ProportionSample(successes: 36, trials: 2000)
            )
        )
        #expect(reproduces(comparison.absolute.statistic, "-2.47942"))
        #expect(reproduces(comparison.absolute.pValue, "0.013159"))
        #expect(reproduces(comparison.absolute.statistic * comparison.absolute.statistic, "6.14754"))
        #expect(reproduces(comparison.absolute.interval.lower, "-0.021479"))
        #expect(reproduces(comparison.absolute.interval.upper, "-0.002521"))
    }

    // §2.3: same counts; B's error rate relative to A, lower is better.
    @Test func chanceToBeatControlMatchesTheRelativeExampleWithAndWithoutPrior() throws {
        let comparison = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 60, trials: 2000),
                treatment: ProportionSample(successes: 36, trials: 2000)
            )
        )
        let lift = try #require(comparison.relative)
        #expect(reproduces(lift.estimate, "-0.40"))
        #expect(reproduces(lift.standardError, "0.12506"))
        let flat = try #require(BayesianComparison(estimate: -0.4, standardError: 0.12506, lowerIsBetter: true))
        #expect(reproduces(flat.chanceToBeatControl, "0.99931"))
        let proper = try #require(
            BayesianComparison(
                estimate: -0.4,
                standardError: 0.12506,
                prior: .growthBookRelative,
                lowerIsBetter: true
            )
        )
        #expect(reproduces(proper.posteriorMean, "-0.34078"))
        #expect(reproduces(proper.posteriorStandardDeviation, "0.11543"))
        #expect(reproduces(proper.chanceToBeatControl, "0.99842"))
    }

    @Test func chanceToBeatControlOnTheAbsoluteDifferenceMatchesTheLesson() throws {
        let comparison = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 60, trials: 2000),
                treatment: ProportionSample(successes: 36, trials: 2000)
            )
        )
        #expect(reproduces(comparison.absolute.standardError, "0.004836"))
        let absolute = try #require(BayesianComparison(comparison, lowerIsBetter: true))
        #expect(reproduces(absolute.chanceToBeatControl, "0.99346"))
    }

    // §2.4: σ = 1, n = 1000 per arm, difference 0.12 → SE² = 2/1000.
    @Test func mixtureLikelihoodRatioMatchesTheNormalExampleAndItsTauTable() throws {
        let table: [(tau2: Double, ratio: String, p: String)] = [
            (0.001, "2.711", "0.369"), (0.0025, "4.926", "0.203"), (0.01, "8.200", "0.122"),
            (0.0772, "5.310", "0.188"), (1, "1.623", "0.616"),
        ]
        for row in table {
            let test = MixtureSequentialTest(tuning: .mixingVariance(row.tau2))
            let look = try #require(test.look(difference: 0.12, differenceVariance: 0.002, totalCount: 2000))
            #expect(reproduces(look.likelihoodRatio, row.ratio), "τ² \(row.tau2): Λ \(look.likelihoodRatio)")
            #expect(reproduces(look.pValue, row.p), "τ² \(row.tau2): p \(look.pValue)")
            #expect(look.mixingVariance == row.tau2)
        }
        let test = MixtureSequentialTest(tuning: .mixingVariance(0.01))
        let look = try #require(test.look(difference: 0.12, differenceVariance: 0.002, totalCount: 2000))
        #expect(reproduces(look.likelihoodRatio, "8.1999"))
        #expect(reproduces(look.pValue, "0.12195"))
        let later = try #require(test.look(difference: 0.12, differenceVariance: 2.0 / 1500, totalCount: 3000))
        #expect(reproduces(later.likelihoodRatio, "40.2"))
        let latest = try #require(test.look(difference: 0.12, differenceVariance: 0.001, totalCount: 4000))
        #expect(reproduces(latest.likelihoodRatio, "209.9"))
    }

    @Test func fixedHorizonZOfTheSameDataIsFarSmaller() {
        let z = 0.12 / (0.002).squareRoot()
        #expect(reproduces(z, "2.683"))
        #expect(reproduces(2 * StandardNormal.survival(z), "0.00729"))
    }

    @Test func bernoulliMixtureMatchesTheExample() throws {
        let comparison = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 300, trials: 3000),
                treatment: ProportionSample(successes: 360, trials: 3000)
            )
        )
        #expect(reproduces(comparison.differenceVariance * 3000, "0.1956"))
        let look = try #require(MixtureSequentialTest(tuning: .mixingVariance(1e-4)).look(at: comparison))
        #expect(reproduces(look.likelihoodRatio, "4.0228"))
        #expect(reproduces(look.pValue, "0.2486"))
    }

    @Test func truncationRuleMatchesCalcTau() {
        let tau2 = SequentialTuning.truncationMixingVariance(
            alpha: 0.05,
            observationVariance: 1,
            maximumSamplePerArm: 10_000
        )
        #expect(reproduces(tau2, "0.07716"))
        // The tuning estimates σ² = N·SE²/4 = 1 from equal arms of 1,000 with SE² = 2/1000.
        let viaTuning = SequentialTuning.truncation(maximumSamplePerArm: 10_000)
            .mixingVariance(alpha: 0.05, differenceVariance: 0.002, totalCount: 2000)
        #expect(viaTuning == tau2)
    }

    @Test func growthBookPlannedSampleSizeMatchesTheExampleAndEqualsTheMixture() throws {
        #expect(reproduces(SequentialTuning.growthBookRho(alpha: 0.05, plannedTotal: 5000), "0.0398401"))
        let look = try #require(
            MixtureSequentialTest().look(difference: 0.12, differenceVariance: 0.002, totalCount: 2000)
        )
        let halfWidth = (look.confidenceSequence.upper - look.confidenceSequence.lower) / 2
        #expect(reproduces(halfWidth, "0.13970"))
        #expect(reproduces(look.confidenceSequence.lower, "-0.0197"))
        #expect(reproduces(look.confidenceSequence.upper, "0.2597"))
        #expect(reproduces(look.likelihoodRatio, "7.5619"))
        #expect(reproduces(look.pValue, "0.13224"))
        #expect(reproduces(StandardNormal.quantile(0.975) * (0.002).squareRoot(), "0.08765"))
    }

    // §2.5: CUPED.
    @Test func covariateAdjustmentMatchesTheCupedExample() throws {
        let adjustment = try #require(
            CovariateAdjustment(outcomes: [12, 15, 9, 20, 14, 11, 18, 16], covariates: [10, 14, 8, 17, 13, 9, 15, 15])
        )
        #expect(reproduces(adjustment.theta, "1.098139"))
        #expect(reproduces(adjustment.outcomeVariance, "13.41071"))
        #expect(reproduces(adjustment.adjustedVariance, "0.684071"))
        #expect(reproduces(try #require(adjustment.varianceRatio), "0.051009"))
    }

    // §2.6: SRM.
    @Test func sampleRatioChecksMatchTheFourExamples() throws {
        let cases: [(observed: [Double], weights: [Double], chi2: String, p: String, mismatch: Bool)] = [
            ([5100, 4900], [50, 50], "4.0", "0.0455", false),
            ([5300, 4700], [50, 50], "36.0", "1.97e-9", true),
            ([3400, 3300, 3300], [1, 1, 1], "2.0", "0.3679", false),
            ([9120, 880], [90, 10], "16.0", "6.33e-5", true),
        ]
        for row in cases {
            let check = try #require(SampleRatioCheck(observed: row.observed, expectedWeights: row.weights))
            #expect(reproduces(check.chiSquare, row.chi2), "\(row.observed): χ² \(check.chiSquare)")
            #expect(reproduces(check.pValue, row.p), "\(row.observed): p \(check.pValue)")
            #expect(check.isMismatch == row.mismatch, "\(row.observed)")
        }
    }

    // §2.7: sample size, power, MDE.
    @Test func sampleSizesMatchTheExamples() throws {
        let z = try #require(SampleSize.minimumDetectableEffect(standardDeviation: 1, perArm: 2))
        #expect(reproduces(z * z, "7.84888"))
        #expect(SampleSize.perArm(baselineRate: 0.05, treatmentRate: 0.06) == 8155)
        #expect(SampleSize.perArm(baselineRate: 0.03, treatmentRate: 0.02) == 3823)
        #expect(SampleSize.perArm(standardDeviation: 300, difference: 30) == 1570)
        let mde = try #require(SampleSize.minimumDetectableEffect(standardDeviation: 300, perArm: 5000))
        #expect(reproduces(mde, "16.81"))
    }

    // §2.8: multiple comparisons.
    @Test func correctionsMatchTheExample() {
        let p = [0.001, 0.008, 0.039, 0.041, 0.27]
        let expectations: [(adjusted: [Double], printed: [String])] = [
            (PValueCorrection.bonferroni(p), ["0.005", "0.04", "0.195", "0.205", "1"]),
            (PValueCorrection.holm(p), ["0.005", "0.032", "0.117", "0.117", "0.27"]),
            (PValueCorrection.benjaminiHochberg(p), ["0.005", "0.02", "0.05125", "0.05125", "0.27"]),
        ]
        for expectation in expectations {
            for (value, printed) in zip(expectation.adjusted, expectation.printed) {
                #expect(reproduces(value, printed), "\(value) against \(printed)")
            }
        }
    }

    @Test func holmKeepsTheInputOrder() {
        let adjusted = PValueCorrection.holm([0.27, 0.001, 0.041])
        for (value, expected) in zip(adjusted, [0.27, 0.003, 0.082]) {
            #expect(abs(value - expected) < 1e-15)
        }
    }
}
