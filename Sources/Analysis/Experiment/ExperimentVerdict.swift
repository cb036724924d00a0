/// An experiment's state in one line of words, most urgent first: what an operator glancing at
/// the console every few seconds can act on.
///
/// Written as in issue 10: `B better: +3.1 % success (always-valid p 0.004)`,
/// `No difference yet: ~4,200 more requests per arm to detect ±1 %`,
/// `Sample ratio mismatch: 46/54 vs 50/50 expected`, `B hurts latency: p95 +180 ms`,
/// `Too few requests: 120 of 1,000 per arm`. Rate differences are absolute, in percentage
/// points (the scale the tests run on).
public enum ExperimentVerdict: Sendable, Hashable, CustomStringConvertible {
    /// No arm has any request.
    case noTraffic
    /// Only control exists: nothing to compare.
    case singleVariant(String)
    /// The split differs from the configured one (shares 0…1, control first); every other
    /// figure is untrustworthy.
    case sampleRatioMismatch(observedShares: [Double], expectedShares: [Double])
    /// A treatment is worse than control on a guardrail beyond its margin.
    case guardrailHarm(GuardrailFinding)
    /// The smallest arm is below the minimum sample: no verdict yet.
    case tooFewRequests(smallestArm: Double, requiredPerArm: Double)
    /// A treatment's rate is significantly higher (Holm-adjusted always-valid p ≤ α).
    case better(variant: String, difference: Double, alwaysValidPValue: Double, metric: String)
    /// A treatment's rate is significantly lower.
    case worse(variant: String, difference: Double, alwaysValidPValue: Double, metric: String)
    /// Every treatment's confidence sequence lies within ±MDE: any effect is too small to matter.
    case noDifference(minimumDetectableEffect: Double, metric: String)
    /// Inconclusive: about `moreRequestsPerArm` further requests per arm (nil when it cannot
    /// be estimated, 0 when already reached) until an effect of ±MDE would be detected.
    case noDifferenceYet(moreRequestsPerArm: Double?, requestsPerArm: Double, minimumDetectableEffect: Double)

    /// The verdict in words.
    public var description: String {
        switch self {
        case .noTraffic:
            return "No traffic yet"
        case .singleVariant(let name):
            return "One variant only (\(name)): nothing to compare"
        case .sampleRatioMismatch(let observed, let expected):
            return "Sample ratio mismatch: \(Self.shares(observed)) vs \(Self.shares(expected)) expected"
        case .guardrailHarm(let finding):
            let statistic = finding.statistic.map { $0 + " " } ?? ""
            return "\(finding.variant) hurts \(finding.metric): \(statistic)\(finding.unit.signedText(finding.change))"
        case .tooFewRequests(let smallest, let required):
            return "Too few requests: \(NumberText.grouped(smallest)) of \(NumberText.grouped(required)) per arm"
        case .better(let variant, let difference, let p, let metric):
            return Self.significant(variant, "better", difference, p, metric)
        case .worse(let variant, let difference, let p, let metric):
            return Self.significant(variant, "worse", difference, p, metric)
        case .noDifference(let mde, let metric):
            return "No difference: within ±\(NumberText.plainPercent(mde)) % \(metric) (always-valid)"
        case .noDifferenceYet(let more, let perArm, let mde):
            let effect = "±\(NumberText.plainPercent(mde)) %"
            guard let more, more > 0 else {
                return "No difference yet: no \(effect) effect seen in \(NumberText.grouped(perArm)) requests per arm"
            }
            return "No difference yet: ~\(NumberText.approximateCount(more)) more requests per arm to detect \(effect)"
        }
    }

    private static func significant(
        _ variant: String,
        _ word: String,
        _ difference: Double,
        _ p: Double,
        _ metric: String
    ) -> String {
        "\(variant) \(word): \(NumberText.signedPercent(difference)) \(metric) (always-valid p \(NumberText.pValue(p)))"
    }

    /// Shares as whole percents joined by "/": [0.46, 0.54] → "46/54".
    private static func shares(_ values: [Double]) -> String {
        values.map { NumberText.fixed($0 * 100, decimals: 0) }.joined(separator: "/")
    }
}
