import Analysis
import Testing

/// Inputs without an answer give nil (never a division by zero or a trap), and the running
/// sequential state behaves as the caller relies on.
struct ExperimentEdgeCaseTests {
    @Test func emptyArmsHaveNoRateIntervalOrComparison() {
        let empty = ProportionSample(successes: 0, trials: 0)
        let some = ProportionSample(successes: 5, trials: 10)
        #expect(empty.rate == nil)
        #expect(empty.wilsonInterval() == nil)
        #expect(ProportionComparison(control: empty, treatment: some) == nil)
        #expect(ProportionComparison(control: some, treatment: empty) == nil)
        #expect(ProportionSample(successes: 11, trials: 10).rate == nil)
    }

    @Test func wilsonIntervalStaysInsideZeroToOneAtTheExtremes() throws {
        let none = try #require(ProportionSample(successes: 0, trials: 20).wilsonInterval())
        let all = try #require(ProportionSample(successes: 20, trials: 20).wilsonInterval())
        #expect(abs(none.lower) < 1e-15 && none.upper > 0)
        #expect(all.lower < 1 && abs(all.upper - 1) < 1e-15)
    }

    @Test func identicalAllOrNothingArmsHaveNoEvidenceAndNoSequentialLook() throws {
        let perfect = ProportionSample(successes: 50, trials: 50)
        let comparison = try #require(ProportionComparison(control: perfect, treatment: perfect))
        #expect(comparison.absolute.statistic == 0)
        #expect(comparison.absolute.pValue == 1)
        #expect(MixtureSequentialTest().look(at: comparison) == nil)
        #expect(BayesianComparison(comparison) == nil)
    }

    @Test func relativeDifferenceNeedsANonZeroControl() throws {
        let comparison = try #require(
            ProportionComparison(
                control: ProportionSample(successes: 0, trials: 100),
                treatment: ProportionSample(successes: 3, trials: 100)
            )
        )
        #expect(comparison.relative == nil)
        #expect(comparison.absolute.estimate == 0.03)
    }

    @Test func welchNeedsTwoObservationsAndSomeVarianceInAnArm() {
        let one = MeanSample(mean: 1, standardDeviation: 0, count: 1)
        let flat = MeanSample(mean: 1, standardDeviation: 0, count: 10)
        let spread = MeanSample(mean: 2, standardDeviation: 1, count: 10)
        #expect(MeanComparison(control: one, treatment: spread) == nil)
        #expect(MeanComparison(control: flat, treatment: flat) == nil)
        #expect(MeanComparison(control: flat, treatment: spread) != nil)
        #expect(
            MeanComparison(control: MeanSample(mean: .nan, standardDeviation: 1, count: 5), treatment: spread) == nil
        )
    }

    @Test func sampleRatioCheckRefusesWhatItCannotTest() {
        #expect(SampleRatioCheck(observed: []) == nil)
        #expect(SampleRatioCheck(observed: [10]) == nil)
        #expect(SampleRatioCheck(observed: [0, 0]) == nil)
        #expect(SampleRatioCheck(observed: [10, 20], expectedWeights: [1]) == nil)
        #expect(SampleRatioCheck(observed: [10, -1]) == nil)
        #expect(SampleRatioCheck(observed: [10, .nan]) == nil)
    }

    @Test func sampleRatioCheckLeavesOutArmsWithoutWeight() throws {
        let check = try #require(SampleRatioCheck(observed: [5100, 4900, 300], expectedWeights: [1, 1, 0]))
        #expect(check.degreesOfFreedom == 1)
        #expect(check.chiSquare == 4)
        #expect(check.expectedShares == [0.5, 0.5])
    }

    @Test func alwaysValidStateKeepsTheMinimumPAndIntersectsSequences() {
        var state = AlwaysValidState()
        #expect(state.pValue == 1 && state.confidenceSequence == nil && state.looks == 0)
        let looks = [
            SequentialLook(
                likelihoodRatio: 2,
                pValue: 0.5,
                confidenceSequence: ConfidenceInterval(lower: -0.1, upper: 0.3),
                mixingVariance: 1e-3
            ),
            SequentialLook(
                likelihoodRatio: 25,
                pValue: 0.04,
                confidenceSequence: ConfidenceInterval(lower: 0.01, upper: 0.4),
                mixingVariance: 2e-3
            ),
            SequentialLook(
                likelihoodRatio: 4,
                pValue: 0.25,
                confidenceSequence: ConfidenceInterval(lower: -0.05, upper: 0.2),
                mixingVariance: 3e-3
            ),
        ]
        for look in looks {
            state.record(look)
        }
        #expect(state.pValue == 0.04)
        #expect(state.confidenceSequence == ConfidenceInterval(lower: 0.01, upper: 0.2))
        #expect(state.mixingVariance == 3e-3)
        #expect(state.looks == 3)
        #expect(state.confidenceSequence?.contains(0) == false, "p ≤ α and the sequence agree")
    }

    @Test func anEmptyIntersectionRestartsFromTheLatestLook() {
        var state = AlwaysValidState()
        let early = ConfidenceInterval(lower: 0.1, upper: 0.2)
        let late = ConfidenceInterval(lower: -0.3, upper: 0.05)
        state.record(SequentialLook(likelihoodRatio: 1, pValue: 1, confidenceSequence: early, mixingVariance: 1))
        state.record(SequentialLook(likelihoodRatio: 1, pValue: 1, confidenceSequence: late, mixingVariance: 1))
        #expect(state.confidenceSequence == late)
    }

    @Test func sequentialTestingNeedsMoreRequestsThanAFixedHorizon() throws {
        let fixed = try #require(SampleSize.perArm(baselineRate: 0.9, treatmentRate: 0.89))
        let sequential = try #require(
            SampleSize.perArmSequential(baselineRate: 0.9, minimumDetectableEffect: 0.01, test: MixtureSequentialTest())
        )
        #expect(sequential > fixed)
        #expect(
            SampleSize.perArmSequential(baselineRate: 0.5, minimumDetectableEffect: 0, test: MixtureSequentialTest())
                == nil
        )
        #expect(SampleSize.perArm(baselineRate: 0.3, treatmentRate: 0.3) == nil)
        #expect(SampleSize.furtherPerArm(required: 5000, control: 4000, treatment: 4200) == 1000)
        #expect(SampleSize.furtherPerArm(required: 5000, control: 6000, treatment: 5200) == 0)
    }

    @Test func tuningsWithoutAUsableMixingVarianceGiveNoLook() {
        let zeroTau = MixtureSequentialTest(tuning: .mixingVariance(0))
        #expect(zeroTau.look(difference: 0.1, differenceVariance: 0.01, totalCount: 100) == nil)
        let zeroPlan = MixtureSequentialTest(tuning: .plannedSampleSize(0))
        #expect(zeroPlan.look(difference: 0.1, differenceVariance: 0.01, totalCount: 100) == nil)
        #expect(MixtureSequentialTest().look(difference: .nan, differenceVariance: 0.01, totalCount: 100) == nil)
    }

    @Test func meansGetAnAlwaysValidLookToo() throws {
        let look = try #require(
            MixtureSequentialTest(tuning: .mixingVariance(0.01))
                .look(
                    control: MeanSample(mean: 0, standardDeviation: 1, count: 1000),
                    treatment: MeanSample(mean: 0.12, standardDeviation: 1, count: 1000)
                )
        )
        #expect(abs(look.likelihoodRatio - 8.199_886_111_940_165) < 1e-9)
    }

    @Test func guardrailsFlagOnlyHarmBeyondTheMargin() throws {
        let latency = GuardrailCheck(metric: "latency", statistic: "p95", unit: .seconds, margin: .relative(0.1))
        #expect(try #require(latency.evaluate(variant: "B", control: 1.0, treatment: 1.05)).isHarmful == false)
        #expect(try #require(latency.evaluate(variant: "B", control: 1.0, treatment: 0.5)).isHarmful == false)
        #expect(try #require(latency.evaluate(variant: "B", control: 1.0, treatment: 1.2)).isHarmful)
        #expect(latency.evaluate(variant: "B", control: 0, treatment: 1.2) == nil)
        #expect(latency.evaluate(variant: "B", control: .nan, treatment: 1.2) == nil)
        let errors = GuardrailCheck(metric: "error rate", unit: .proportion, margin: .absolute(0.005))
        let uncertain = ConfidenceInterval(lower: 0.001, upper: 0.02)
        let certain = ConfidenceInterval(lower: 0.006, upper: 0.02)
        let point = try #require(errors.evaluate(variant: "B", control: 0.02, treatment: 0.03))
        #expect(point.isHarmful)
        let notYet = try #require(
            errors.evaluate(variant: "B", control: 0.02, treatment: 0.03, differenceInterval: uncertain)
        )
        #expect(notYet.isHarmful == false, "harm must be certain when an interval is given")
        let sure = try #require(
            errors.evaluate(variant: "B", control: 0.02, treatment: 0.03, differenceInterval: certain)
        )
        #expect(sure.isHarmful)
    }

    @Test func chanceToBeatControlFlipsForLowerIsBetter() throws {
        let higher = try #require(BayesianComparison(estimate: 0.02, standardError: 0.01))
        let lower = try #require(BayesianComparison(estimate: 0.02, standardError: 0.01, lowerIsBetter: true))
        #expect(abs(higher.chanceToBeatControl + lower.chanceToBeatControl - 1) < 1e-15)
        #expect(abs(higher.chanceToBeatControl - 0.977_249_868_051_820_8) < 1e-12)
        #expect(BayesianComparison(estimate: 0.02, standardError: 0) == nil)
    }
}
