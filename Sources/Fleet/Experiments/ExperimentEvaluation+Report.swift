import Analysis

extension ExperimentEvaluation {
    /// The looks, comparisons, guardrails and verdict of what `read` found.
    func report() -> ExperimentReport {
        let policy = settings.policy(variants: order)
        let test = policy.test
        let control = order[0]
        let treatments = Array(order.dropFirst())
        var history: [String: [DifferencePoint]] = [:]
        var states: [String: AlwaysValidState] = [:]
        var feedbackStates: [String: AlwaysValidState] = [:]
        for treatment in treatments {
            let (state, points) = looks(control: requests[control] ?? [], treatment: requests[treatment] ?? [], test)
            states[treatment] = state
            history[treatment] = points
            if let controlFeedback = feedback[control], let treatmentFeedback = feedback[treatment] {
                feedbackStates[treatment] = looks(control: controlFeedback, treatment: treatmentFeedback, test).state
            }
        }
        let totals = order.map { requests[$0]?.last ?? ProportionSample(successes: 0, trials: 0) }
        let everyArmCounted = totals.allSatisfy { $0.trials >= policy.minimumRequestsPerArm }
        let sampleRatio =
            order.count > 1
            ? SampleRatioCheck(observed: totals.map(\.trials), expectedWeights: policy.expectedSplit) : nil
        // Significance is only claimed where the verdict could claim it: every arm past the
        // minimum sample and the split as expected.
        let mayClaim = everyArmCounted && !(sampleRatio?.isMismatch ?? false)
        var comparisons = compare(
            "success_rate",
            totals: Dictionary(uniqueKeysWithValues: zip(order, totals)),
            states: states,
            test: test,
            mayClaim: mayClaim
        )
        if !feedbackStates.isEmpty {
            let rated = Dictionary(
                uniqueKeysWithValues: order.compactMap { name in feedback[name]?.last.map { (name, $0) } }
            )
            comparisons += compare(
                "positive_feedback_rate",
                totals: rated,
                states: feedbackStates,
                test: test,
                mayClaim: mayClaim
            )
        }
        let findings = everyArmCounted ? guardrails(states: states) : []
        let verdict = ExperimentVerdict.judge(
            control: ExperimentArm(name: control, sample: totals[0]),
            treatments: treatments.enumerated().map { index, name in
                TreatmentEvidence(
                    arm: ExperimentArm(name: name, sample: totals[index + 1]),
                    sequential: states[name] ?? AlwaysValidState()
                )
            },
            guardrails: findings,
            policy: policy
        )
        return ExperimentReport(
            name: name,
            control: control,
            startedAt: start,
            deployments: Array(Set(variants.values.flatMap(\.targets))).sorted(),
            sampleRatio: sampleRatio,
            variants: order.compactMap { figures[$0] },
            comparisons: comparisons,
            guardrails: findings,
            verdict: verdict.description,
            tone: Self.tone(of: verdict),
            history: history,
            mixingVariance: treatments.lazy.compactMap { states[$0]?.mixingVariance }.first,
            lookInterval: schedule.currentStep
        )
    }

    /// The always-valid state after a look at every step, and the difference with its band at
    /// each look (steps where an arm has no requests yet are skipped).
    private func looks(
        control: [ProportionSample],
        treatment: [ProportionSample],
        _ test: MixtureSequentialTest
    ) -> (state: AlwaysValidState, points: [DifferencePoint]) {
        var state = AlwaysValidState()
        var points: [DifferencePoint] = []
        for (index, (c, t)) in zip(control, treatment).enumerated() {
            // What `ProportionComparison` gives the sequential test (the difference, its unpooled
            // variance, the trials), without the fixed-horizon p-value and relative effect it
            // also works out: a week of looks is hundreds of them per treatment.
            guard let p1 = c.rate, let p2 = t.rate else { continue }
            let standardError = (p1 * (1 - p1) / c.trials + p2 * (1 - p2) / t.trials).squareRoot()
            guard
                let look = test.look(
                    difference: p2 - p1,
                    differenceVariance: standardError * standardError,
                    totalCount: c.trials + t.trials
                )
            else { continue }
            state.record(look)
            guard let band = state.confidenceSequence else { continue }
            points.append(
                DifferencePoint(time: looks[index], difference: p2 - p1, lower: band.lower, upper: band.upper)
            )
        }
        return (state, points)
    }

    /// Each treatment against control on one rate: fixed-horizon z, the always-valid state, the
    /// chance to beat control, and significance after Holm's correction.
    private func compare(
        _ metric: String,
        totals: [String: ProportionSample],
        states: [String: AlwaysValidState],
        test: MixtureSequentialTest,
        mayClaim: Bool
    ) -> [ExperimentComparison] {
        guard let control = totals[order[0]] else { return [] }
        let treatments = order.dropFirst().filter { states[$0] != nil && totals[$0] != nil }
        let adjusted = PValueCorrection.holm(treatments.map { states[$0]?.pValue ?? 1 })
        return zip(treatments, adjusted).compactMap { name, adjustedP in
            guard let sample = totals[name], let state = states[name],
                let comparison = ProportionComparison(control: control, treatment: sample, confidence: 1 - test.alpha)
            else { return nil }
            return ExperimentComparison(
                variant: name,
                metric: metric,
                absoluteDifference: comparison.absolute.estimate,
                relativeDifference: comparison.relative?.estimate,
                interval: comparison.absolute.interval,
                pValue: comparison.absolute.pValue,
                alwaysValidPValue: state.pValue,
                confidenceSequence: state.confidenceSequence,
                chanceToBeatControl: BayesianComparison(comparison, credibility: 1 - test.alpha)?.chanceToBeatControl,
                isSignificant: mayClaim && state.looks > 0 && adjustedP <= test.alpha
            )
        }
    }

    /// p95 latency, error rate (with the success difference's always-valid band, negated) and
    /// cost per request of each treatment against control.
    private func guardrails(states: [String: AlwaysValidState]) -> [GuardrailFinding] {
        guard let control = figures[order[0]] else { return [] }
        let latency = settings.latencyMargin.map {
            GuardrailCheck(metric: "latency", statistic: "p95", unit: .seconds, margin: $0)
        }
        let errors = settings.errorRateMargin.map {
            GuardrailCheck(metric: "error rate", unit: .proportion, margin: $0)
        }
        let cost = settings.costMargin.map {
            GuardrailCheck(metric: "cost", statistic: "per request", unit: .dollars, margin: $0)
        }
        var findings: [GuardrailFinding] = []
        for name in order.dropFirst() {
            guard let treatment = figures[name] else { continue }
            if let c = control.latencyP95, let t = treatment.latencyP95,
                let finding = latency?.evaluate(variant: name, control: c, treatment: t)
            {
                findings.append(finding)
            }
            if let c = control.successRate, let t = treatment.successRate {
                let band = states[name]?.confidenceSequence.map {
                    ConfidenceInterval(lower: -$0.upper, upper: -$0.lower)
                }
                if let finding = errors?.evaluate(
                    variant: name,
                    control: 1 - c,
                    treatment: 1 - t,
                    differenceInterval: band
                ) {
                    findings.append(finding)
                }
            }
            if let c = control.costPerRequest, let t = treatment.costPerRequest,
                let finding = cost?.evaluate(variant: name, control: c, treatment: t)
            {
                findings.append(finding)
            }
        }
        return findings
    }

    static func tone(of verdict: ExperimentVerdict) -> VerdictTone {
        switch verdict {
        case .better: .good
        case .worse, .guardrailHarm, .sampleRatioMismatch: .bad
        case .noDifference: .neutral
        case .noTraffic, .singleVariant, .tooFewRequests, .noDifferenceYet: .pending
        }
    }
}
