import Analysis
import Vocabulary

/// `llmdeck ab --json`: every key present, `null` for what is not exported or not computable
/// (a NaN an application exported, an infinite ratio).
extension ExperimentReport {
    public var json: JSONValue {
        let ratio: JSONValue =
            sampleRatio.map { ratio in
                .object([
                    "p_value": .number(ratio.pValue),
                    "mismatch": .bool(ratio.isMismatch),
                    "observed_shares": .array(ratio.observedShares.map { .number($0) }),
                    "expected_shares": .array(ratio.expectedShares.map { .number($0) }),
                ])
            } ?? .null
        let findings: [JSONValue] = guardrails.map { finding in
            .object([
                "variant": .string(finding.variant),
                "metric": .string(finding.metric),
                "statistic": .string(finding.statistic),
                "change": .number(finding.change),
                "harmful": .bool(finding.isHarmful),
            ])
        }
        return .object([
            "name": .string(name),
            "control": .string(control),
            "started_at": .string(UTCTime.iso8601(milliseconds: startedAt)),
            "deployments": .array(deployments.map { .string($0) }),
            "srm": ratio,
            "variants": .array(variants.map(\.json)),
            "comparisons": .array(comparisons.map(\.json)),
            "guardrails": .array(findings),
            "verdict": .string(verdict),
            "tone": .string(tone.rawValue),
            "mixing_variance": .number(mixingVariance),
            "look_interval_seconds": .number(Double(lookInterval) / 1000),
        ])
    }
}

extension VariantFigures {
    public var json: JSONValue {
        .object([
            "name": .string(name),
            "requests": .number(requests),
            "successes": .number(successes),
            "success_rate": .number(successRate),
            "success_rate_low": .number(successInterval?.lower),
            "success_rate_high": .number(successInterval?.upper),
            "latency_seconds": .object(["p50": .number(latencyP50), "p95": .number(latencyP95)]),
            "tokens_per_request": .number(tokensPerRequest),
            "cost_per_request": .number(costPerRequest),
            "positive_feedback_rate": .number(positiveFeedbackRate),
            "score_mean": .number(scoreMean),
        ])
    }
}

extension ExperimentComparison {
    public var json: JSONValue {
        .object([
            "variant": .string(variant),
            "metric": .string(metric),
            "absolute_difference": .number(absoluteDifference),
            "relative_difference": .number(relativeDifference),
            "ci_low": .number(interval.lower),
            "ci_high": .number(interval.upper),
            "p_value": .number(pValue),
            "always_valid_p_value": .number(alwaysValidPValue),
            "cs_low": .number(confidenceSequence?.lower),
            "cs_high": .number(confidenceSequence?.upper),
            "chance_to_beat_control": .number(chanceToBeatControl),
            "significant": .bool(isSignificant),
        ])
    }
}
