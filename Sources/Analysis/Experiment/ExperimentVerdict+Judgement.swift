extension ExperimentVerdict {
    /// Judges an experiment on its primary rate, in order of precedence: a single variant, no
    /// traffic, sample-ratio mismatch (it invalidates everything else), guardrail harm, the
    /// minimum-sample gate, then the result of the always-valid tests with a Holm correction
    /// across treatments (GrowthBook `adjustPValuesHolmBonferroni`).
    ///
    /// A treatment is significant when its Holm-adjusted always-valid p is ≤ α, in the direction
    /// of its current estimate. Among significant treatments the most harmful one is named first
    /// (the one to stop), otherwise the best; while inconclusive, the estimate of further
    /// requests uses `SampleSize.perArmSequential` for the treatment that needs the most.
    /// - Parameters:
    ///   - control: the control arm.
    ///   - treatments: every other arm with its running sequential state.
    ///   - guardrails: findings of the guardrail checks; the first harmful one is reported.
    ///   - policy: α and τ², MDE, power, minimum sample, expected split, SRM threshold.
    public static func judge(
        control: ExperimentArm,
        treatments: [TreatmentEvidence],
        guardrails: [GuardrailFinding] = [],
        policy: ExperimentPolicy = ExperimentPolicy()
    ) -> ExperimentVerdict {
        guard !treatments.isEmpty else {
            return .singleVariant(control.name)
        }
        let requests = [control.sample.trials] + treatments.map(\.arm.sample.trials)
        guard requests.contains(where: { $0 > 0 }) else {
            return .noTraffic
        }
        if let split = SampleRatioCheck(
            observed: requests,
            expectedWeights: policy.expectedSplit,
            threshold: policy.srmThreshold
        ), split.isMismatch {
            return .sampleRatioMismatch(observedShares: split.observedShares, expectedShares: split.expectedShares)
        }
        if let harm = guardrails.first(where: \.isHarmful) {
            return .guardrailHarm(harm)
        }
        let smallest = requests.min() ?? 0
        let required = max(1, policy.minimumRequestsPerArm)
        guard smallest >= required else {
            return .tooFewRequests(smallestArm: max(0, smallest), requiredPerArm: required)
        }
        return result(control: control, treatments: treatments, policy: policy)
    }

    /// The verdict of the tests themselves, once every arm has enough requests.
    private static func result(
        control: ExperimentArm,
        treatments: [TreatmentEvidence],
        policy: ExperimentPolicy
    ) -> ExperimentVerdict {
        let adjusted = PValueCorrection.holm(treatments.map(\.sequential.pValue))
        var significant: [(name: String, difference: Double, p: Double, side: Double)] = []
        for (treatment, p) in zip(treatments, adjusted) where p <= policy.test.alpha {
            if let comparison = ProportionComparison(control: control.sample, treatment: treatment.arm.sample) {
                // The direction is the side of zero the always-valid band is on (the estimate's
                // side only when a restarted band straddles zero).
                let band = treatment.sequential.confidenceSequence
                let side: Double =
                    if let band, band.lower > 0 { 1 } else if let band, band.upper < 0 { -1 } else {
                        comparison.absolute.estimate
                    }
                significant.append((treatment.arm.name, comparison.absolute.estimate, p, side))
            }
        }
        if let worst = significant.filter({ $0.side < 0 }).min(by: { $0.difference < $1.difference }) {
            return .worse(
                variant: worst.name,
                difference: worst.difference,
                alwaysValidPValue: worst.p,
                metric: policy.metric
            )
        }
        if let best = significant.filter({ $0.side > 0 }).max(by: { $0.difference < $1.difference }) {
            return .better(
                variant: best.name,
                difference: best.difference,
                alwaysValidPValue: best.p,
                metric: policy.metric
            )
        }
        let mde = policy.minimumDetectableEffect
        let isNegligible = treatments.allSatisfy { treatment in
            guard let sequence = treatment.sequential.confidenceSequence else {
                return false
            }
            return sequence.lower > -mde && sequence.upper < mde
        }
        if isNegligible {
            return .noDifference(minimumDetectableEffect: mde, metric: policy.metric)
        }
        return inconclusive(control: control, treatments: treatments, policy: policy)
    }

    /// No difference yet, with the further requests per arm the slowest treatment needs.
    private static func inconclusive(
        control: ExperimentArm,
        treatments: [TreatmentEvidence],
        policy: ExperimentPolicy
    ) -> ExperimentVerdict {
        let smallest = ([control] + treatments.map(\.arm)).map(\.sample.trials).min() ?? 0
        var further: Double? = nil
        if let baseline = control.sample.rate,
            let required = SampleSize.perArmSequential(
                baselineRate: baseline,
                minimumDetectableEffect: policy.minimumDetectableEffect,
                test: policy.test,
                power: policy.power
            )
        {
            further = treatments.map {
                SampleSize.furtherPerArm(
                    required: required,
                    control: control.sample.trials,
                    treatment: $0.arm.sample.trials
                )
            }.max()
        }
        return .noDifferenceYet(
            moreRequestsPerArm: further,
            requestsPerArm: smallest,
            minimumDetectableEffect: policy.minimumDetectableEffect
        )
    }
}
