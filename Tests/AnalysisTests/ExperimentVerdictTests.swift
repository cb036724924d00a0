import Analysis
import Testing

/// The verdict in words and the order in which findings take precedence.
struct ExperimentVerdictTests {
    private func arm(_ name: String, _ successes: Double, of requests: Double) -> ExperimentArm {
        ExperimentArm(name: name, sample: ProportionSample(successes: successes, trials: requests))
    }

    /// A treatment whose state has seen one real look at its counts against `control`.
    private func treatment(_ arm: ExperimentArm, against control: ExperimentArm) -> TreatmentEvidence {
        var state = AlwaysValidState()
        if let comparison = ProportionComparison(control: control.sample, treatment: arm.sample),
            let look = MixtureSequentialTest().look(at: comparison)
        {
            state.record(look)
        }
        return TreatmentEvidence(arm: arm, sequential: state)
    }

    /// A treatment whose running always-valid p is `p` (one synthetic look).
    private func treatment(_ arm: ExperimentArm, alwaysValidP p: Double) -> TreatmentEvidence {
        var state = AlwaysValidState()
        state.record(
            SequentialLook(
                likelihoodRatio: 1 / p,
                pValue: p,
                confidenceSequence: ConfidenceInterval(lower: -0.05, upper: 0.05),
                mixingVariance: 1e-4
            )
        )
        return TreatmentEvidence(arm: arm, sequential: state)
    }

    private let latencyP95 = GuardrailCheck(metric: "latency", statistic: "p95", unit: .seconds, margin: .relative(0.1))

    @Test func verdictsReadAsTheIssueWritesThem() throws {
        let better = ExperimentVerdict.better(
            variant: "B",
            difference: 0.031,
            alwaysValidPValue: 0.004,
            metric: "success"
        )
        #expect(better.description == "B better: +3.1 % success (always-valid p 0.004)")
        let waiting = ExperimentVerdict.noDifferenceYet(
            moreRequestsPerArm: 4183,
            requestsPerArm: 2000,
            minimumDetectableEffect: 0.01
        )
        #expect(waiting.description == "No difference yet: ~4,200 more requests per arm to detect ±1 %")
        let split = ExperimentVerdict.sampleRatioMismatch(observedShares: [0.46, 0.54], expectedShares: [0.5, 0.5])
        #expect(split.description == "Sample ratio mismatch: 46/54 vs 50/50 expected")
        let harm = try #require(latencyP95.evaluate(variant: "B", control: 0.820, treatment: 1.000))
        #expect(ExperimentVerdict.guardrailHarm(harm).description == "B hurts latency: p95 +180 ms")
        let gate = ExperimentVerdict.tooFewRequests(smallestArm: 120, requiredPerArm: 1000)
        #expect(gate.description == "Too few requests: 120 of 1,000 per arm")
        let worse = ExperimentVerdict.worse(
            variant: "C",
            difference: -0.0204,
            alwaysValidPValue: 0.0002,
            metric: "success"
        )
        #expect(worse.description == "C worse: -2.0 % success (always-valid p < 0.001)")
        #expect(ExperimentVerdict.singleVariant("A").description == "One variant only (A): nothing to compare")
        #expect(ExperimentVerdict.noTraffic.description == "No traffic yet")
        let negligible = ExperimentVerdict.noDifference(minimumDetectableEffect: 0.005, metric: "success")
        #expect(negligible.description == "No difference: within ±0.5 % success (always-valid)")
        let reached = ExperimentVerdict.noDifferenceYet(
            moreRequestsPerArm: 0,
            requestsPerArm: 12_000,
            minimumDetectableEffect: 0.01
        )
        #expect(reached.description == "No difference yet: no ±1 % effect seen in 12,000 requests per arm")
    }

    @Test func guardrailsOnCostAndErrorRateWriteTheirUnits() throws {
        let cost = GuardrailCheck(metric: "cost", unit: .dollars, margin: .relative(0.2))
        let costHarm = try #require(cost.evaluate(variant: "B", control: 0.0100, treatment: 0.0131))
        #expect(ExperimentVerdict.guardrailHarm(costHarm).description == "B hurts cost: +$0.0031")
        let errors = GuardrailCheck(metric: "error rate", unit: .proportion, margin: .absolute(0.005))
        let errorHarm = try #require(errors.evaluate(variant: "B", control: 0.020, treatment: 0.032))
        #expect(ExperimentVerdict.guardrailHarm(errorHarm).description == "B hurts error rate: +1.2 %")
    }

    @Test func judgeNamesASignificantlyBetterTreatment() {
        let control = arm("A", 9000, of: 10_000)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 9310, of: 10_000), against: control)]
        )
        #expect(verdict.description == "B better: +3.1 % success (always-valid p < 0.001)")
    }

    @Test func sampleRatioMismatchTakesPrecedenceOverEverything() throws {
        let control = arm("A", 4140, of: 4600)
        let harm = try #require(latencyP95.evaluate(variant: "B", control: 0.8, treatment: 2.0))
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 5300, of: 5400), against: control)],
            guardrails: [harm]
        )
        #expect(verdict.description == "Sample ratio mismatch: 46/54 vs 50/50 expected")
    }

    @Test func expectedSplitIsHonouredForThreeArms() {
        let control = arm("A", 900, of: 1000)
        let arms = [arm("B", 900, of: 1000), arm("C", 1800, of: 2000)]
        let treatments = arms.map { treatment($0, against: control) }
        let configured = ExperimentVerdict.judge(
            control: control,
            treatments: treatments,
            policy: ExperimentPolicy(expectedSplit: [1, 1, 2])
        )
        #expect(configured.description.hasPrefix("No difference yet"))
        let equal = ExperimentVerdict.judge(control: control, treatments: treatments)
        #expect(equal.description == "Sample ratio mismatch: 25/25/50 vs 33/33/33 expected")
    }

    @Test func guardrailHarmComesBeforeTheMinimumSampleGate() throws {
        let control = arm("A", 110, of: 120)
        let harm = try #require(latencyP95.evaluate(variant: "B", control: 0.820, treatment: 1.000))
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 115, of: 125), against: control)],
            guardrails: [harm],
            policy: ExperimentPolicy(minimumRequestsPerArm: 1000)
        )
        #expect(verdict.description == "B hurts latency: p95 +180 ms")
    }

    @Test func belowTheMinimumSampleThereIsNoResult() {
        let control = arm("A", 110, of: 120)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 40, of: 130), alwaysValidP: 0.0001)],
            policy: ExperimentPolicy(minimumRequestsPerArm: 1000)
        )
        #expect(verdict.description == "Too few requests: 120 of 1,000 per arm")
    }

    @Test func anArmWithoutTrafficGivesNoComparison() {
        let control = arm("A", 4, of: 5)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 0, of: 0), against: control)]
        )
        #expect(verdict == .tooFewRequests(smallestArm: 0, requiredPerArm: 150))
        let gateOff = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 0, of: 0), against: control)],
            policy: ExperimentPolicy(minimumRequestsPerArm: 0)
        )
        #expect(gateOff == .tooFewRequests(smallestArm: 0, requiredPerArm: 1))
    }

    @Test func anArmLeftWithoutTrafficAtVolumeIsASampleRatioMismatch() {
        let control = arm("A", 900, of: 1000)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 0, of: 0), against: control)]
        )
        #expect(verdict.description == "Sample ratio mismatch: 100/0 vs 50/50 expected")
    }

    @Test func noTrafficAndASingleVariantSaySo() {
        let empty = ExperimentVerdict.judge(
            control: arm("A", 0, of: 0),
            treatments: [treatment(arm("B", 0, of: 0), alwaysValidP: 1)]
        )
        #expect(empty == .noTraffic)
        #expect(ExperimentVerdict.judge(control: arm("A", 90, of: 100), treatments: []) == .singleVariant("A"))
    }

    @Test func holmCorrectionWithholdsWhatOneTestAloneWouldCall() {
        let control = arm("A", 9000, of: 10_000)
        let alone = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 9100, of: 10_000), alwaysValidP: 0.03)]
        )
        #expect(alone.description == "B better: +1.0 % success (always-valid p 0.030)")
        let together = ExperimentVerdict.judge(
            control: control,
            treatments: [
                treatment(arm("B", 9100, of: 10_000), alwaysValidP: 0.03),
                treatment(arm("C", 9100, of: 10_000), alwaysValidP: 0.03),
            ]
        )
        #expect(together.description.hasPrefix("No difference yet"), "\(together)")
    }

    @Test func aSignificantlyWorseTreatmentIsNamedBeforeABetterOne() {
        let control = arm("A", 9000, of: 10_000)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [
                treatment(arm("B", 9310, of: 10_000), against: control),
                treatment(arm("C", 8500, of: 10_000), against: control),
            ]
        )
        #expect(verdict.description == "C worse: -5.0 % success (always-valid p < 0.001)")
    }

    @Test func aNarrowSequenceAroundZeroIsNoDifference() {
        let control = arm("A", 90_000, of: 100_000)
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 90_050, of: 100_000), against: control)]
        )
        #expect(verdict.description == "No difference: within ±1 % success (always-valid)")
    }

    @Test func inconclusiveResultsSayHowManyMoreRequestsAreNeeded() throws {
        let control = arm("A", 900, of: 1000)
        let policy = ExperimentPolicy()
        let verdict = ExperimentVerdict.judge(
            control: control,
            treatments: [treatment(arm("B", 905, of: 1000), against: control)],
            policy: policy
        )
        let required = try #require(
            SampleSize.perArmSequential(baselineRate: 0.9, minimumDetectableEffect: 0.01, test: policy.test)
        )
        #expect(
            verdict
                == .noDifferenceYet(
                    moreRequestsPerArm: required - 1000,
                    requestsPerArm: 1000,
                    minimumDetectableEffect: 0.01
                )
        )
        #expect(verdict.description.hasPrefix("No difference yet: ~"))
        #expect(verdict.description.hasSuffix(" more requests per arm to detect ±1 %"))
    }
}
