import Analysis
import Foundation
import Vocabulary

/// `llmdeck ab --json`: every key present, `null` for what is not exported or not computable.
extension ExperimentReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, control, deployments, srm, variants, comparisons, guardrails, verdict, tone
        case startedAt = "started_at"
        case mixingVariance = "mixing_variance"
        case lookIntervalSeconds = "look_interval_seconds"
    }

    enum RatioKeys: String, CodingKey {
        case pValue = "p_value"
        case mismatch
        case observedShares = "observed_shares"
        case expectedShares = "expected_shares"
    }

    enum GuardrailKeys: String, CodingKey { case variant, metric, statistic, change, harmful }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(control, forKey: .control)
        try container.encode(UTCTime.iso8601(milliseconds: startedAt), forKey: .startedAt)
        try container.encode(deployments, forKey: .deployments)
        if let sampleRatio {
            var ratio = container.nestedContainer(keyedBy: RatioKeys.self, forKey: .srm)
            try ratio.encode(sampleRatio.pValue, forKey: .pValue)
            try ratio.encode(sampleRatio.isMismatch, forKey: .mismatch)
            try ratio.encode(sampleRatio.observedShares, forKey: .observedShares)
            try ratio.encode(sampleRatio.expectedShares, forKey: .expectedShares)
        } else {
            try container.encodeNil(forKey: .srm)
        }
        try container.encode(variants, forKey: .variants)
        try container.encode(comparisons, forKey: .comparisons)
        var findings = container.nestedUnkeyedContainer(forKey: .guardrails)
        for finding in guardrails {
            var entry = findings.nestedContainer(keyedBy: GuardrailKeys.self)
            try entry.encode(finding.variant, forKey: .variant)
            try entry.encode(finding.metric, forKey: .metric)
            try entry.encode(finding.statistic, forKey: .statistic)
            try entry.encode(jsonNumber(finding.change), forKey: .change)
            try entry.encode(finding.isHarmful, forKey: .harmful)
        }
        try container.encode(verdict, forKey: .verdict)
        try container.encode(tone.rawValue, forKey: .tone)
        try container.encode(jsonNumber(mixingVariance), forKey: .mixingVariance)
        try container.encode(Double(lookInterval) / 1000, forKey: .lookIntervalSeconds)
    }
}

extension VariantFigures: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, requests, successes
        case successRate = "success_rate"
        case successRateLow = "success_rate_low"
        case successRateHigh = "success_rate_high"
        case latencySeconds = "latency_seconds"
        case tokensPerRequest = "tokens_per_request"
        case costPerRequest = "cost_per_request"
        case positiveFeedbackRate = "positive_feedback_rate"
        case scoreMean = "score_mean"
    }

    enum QuantileKeys: String, CodingKey { case p50, p95 }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(requests, forKey: .requests)
        try container.encode(successes, forKey: .successes)
        try container.encode(jsonNumber(successRate), forKey: .successRate)
        try container.encode(jsonNumber(successInterval?.lower), forKey: .successRateLow)
        try container.encode(jsonNumber(successInterval?.upper), forKey: .successRateHigh)
        var latency = container.nestedContainer(keyedBy: QuantileKeys.self, forKey: .latencySeconds)
        try latency.encode(jsonNumber(latencyP50), forKey: .p50)
        try latency.encode(jsonNumber(latencyP95), forKey: .p95)
        try container.encode(jsonNumber(tokensPerRequest), forKey: .tokensPerRequest)
        try container.encode(jsonNumber(costPerRequest), forKey: .costPerRequest)
        try container.encode(jsonNumber(positiveFeedbackRate), forKey: .positiveFeedbackRate)
        try container.encode(jsonNumber(scoreMean), forKey: .scoreMean)
    }
}

extension ExperimentComparison: Encodable {
    enum CodingKeys: String, CodingKey {
        case variant, metric, significant
        case absoluteDifference = "absolute_difference"
        case relativeDifference = "relative_difference"
        case ciLow = "ci_low"
        case ciHigh = "ci_high"
        case pValue = "p_value"
        case alwaysValidPValue = "always_valid_p_value"
        case csLow = "cs_low"
        case csHigh = "cs_high"
        case chanceToBeatControl = "chance_to_beat_control"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(variant, forKey: .variant)
        try container.encode(metric, forKey: .metric)
        try container.encode(jsonNumber(absoluteDifference), forKey: .absoluteDifference)
        try container.encode(jsonNumber(relativeDifference), forKey: .relativeDifference)
        try container.encode(jsonNumber(interval.lower), forKey: .ciLow)
        try container.encode(jsonNumber(interval.upper), forKey: .ciHigh)
        try container.encode(jsonNumber(pValue), forKey: .pValue)
        try container.encode(jsonNumber(alwaysValidPValue), forKey: .alwaysValidPValue)
        try container.encode(jsonNumber(confidenceSequence?.lower), forKey: .csLow)
        try container.encode(jsonNumber(confidenceSequence?.upper), forKey: .csHigh)
        try container.encode(jsonNumber(chanceToBeatControl), forKey: .chanceToBeatControl)
        try container.encode(isSignificant, forKey: .significant)
    }
}

/// A value JSON can hold: non-finite numbers (a NaN an application exported, an infinite ratio)
/// are written as `null`.
private func jsonNumber(_ value: Double?) -> Double? {
    guard let value, value.isFinite else { return nil }
    return value
}
