import Foundation

/// What the simulator really did in one experiment: its configuration (the true effect and split) and the
/// exact cumulative counts, summed over the servers it covers — all replicas for `GET /sim/experiments` and
/// `FleetSimulator.experimentTruth()`, one server for the `experiments` field of `GET /sim/state`.
///
/// Counts are cumulative since each server's counters (re)started, exactly what the servers export.
public struct ExperimentTruth: Sendable, Equatable, Codable {
    /// One variant: its true behaviour and its counts.
    public struct Variant: Sendable, Equatable, Codable {
        public var name: String
        /// Share of the experiment's requests served with this variant (the plan's weights normalised).
        public var weight: Double
        /// The share a consumer expects when told nothing: 1 / number of variants.
        public var expectedWeight: Double
        /// True probability that a request the server answered is judged a success.
        public var successProbability: Double
        /// The true effect on success: this variant's probability minus the control's (0 for the control).
        /// Server failures (1 % at the base release) scale both arms' observed rates alike.
        public var successDifference: Double
        /// Multiplier of prefill and per-token time relative to the control's 1 (the true latency effect).
        public var latencyFactor: Double
        public var requests: Int
        /// Requests exported with `outcome="success"`.
        public var successes: Int
        /// Requests exported with `outcome="failure"`.
        public var failures: Int
        public var promptTokens: Int
        public var completionTokens: Int
        /// Dollars exported in `llm_prompt_cost_dollars_total`; nil when the plan exports no cost.
        public var costDollars: Double?
        public var positiveFeedback: Int
        public var negativeFeedback: Int
        /// `llm_prompt_latency_seconds`, summed over the servers.
        public var latencySeconds: HistogramTruth
        /// `llm_prompt_score`; nil when the plan exports no score.
        public var score: HistogramTruth?

        enum CodingKeys: String, CodingKey {
            case name, weight, requests, successes, failures, score
            case expectedWeight = "expected_weight"
            case successProbability = "success_probability"
            case successDifference = "success_difference"
            case latencyFactor = "latency_factor"
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case costDollars = "cost_dollars"
            case positiveFeedback = "feedback_positive"
            case negativeFeedback = "feedback_negative"
            case latencySeconds = "latency_seconds"
        }
    }

    /// A classic histogram: cumulative counts per finite bound, then `+Inf` last (one more than the bounds).
    public struct HistogramTruth: Sendable, Equatable, Codable {
        public var upperBounds: [Double]
        public var cumulativeCounts: [Int]
        public var sum: Double
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case sum, count
            case upperBounds = "upper_bounds"
            case cumulativeCounts = "cumulative_counts"
        }
    }

    public var name: String
    public var control: String
    /// The servers whose counts are summed here, by deployment name.
    public var servers: [String]
    /// Experiment requests per simulated second on each of its servers.
    public var requestsPerSecondPerServer: Double
    /// Simulated seconds after the fleet started when the experiment began.
    public var startSeconds: Double
    /// The served split differs from the expected equal one.
    public var hasBrokenSplit: Bool
    /// Control first.
    public var variants: [Variant]

    enum CodingKeys: String, CodingKey {
        case name, control, servers, variants
        case requestsPerSecondPerServer = "requests_per_second_per_server"
        case hasBrokenSplit = "broken_split"
        case startSeconds = "start_seconds"
    }

    /// The truth of `plan` from the totals of the named servers (`parts`, one per server that had them).
    init(plan: ExperimentPlan, servers: [String], parts: [ExperimentTotals]) {
        name = plan.name
        control = plan.control
        self.servers = servers
        requestsPerSecondPerServer = plan.requestsPerSecond
        startSeconds = plan.startSeconds
        hasBrokenSplit = plan.hasBrokenSplit
        let split = plan.split
        let controlProbability = plan.variants.first?.successProbability ?? 0
        variants = plan.variants.enumerated().map { index, variant in
            let totals = parts.compactMap { $0.variants.indices.contains(index) ? $0.variants[index] : nil }
            func total(_ value: (ExperimentTotals.Variant) -> Double) -> Int {
                Int(totals.reduce(0) { $0 + value($1) })
            }
            return Variant(
                name: variant.name,
                weight: split[index],
                expectedWeight: 1 / Double(plan.variants.count),
                successProbability: variant.successProbability,
                // Rounded to 12 decimals so 0.89 − 0.85 reads 0.04, not 0.040000000000000036.
                successDifference: ((variant.successProbability - controlProbability) * 1e12).rounded() / 1e12,
                latencyFactor: variant.latencyFactor,
                requests: total(\.requests),
                successes: total(\.success),
                failures: total(\.failure),
                promptTokens: total(\.promptTokens),
                completionTokens: total(\.completionTokens),
                costDollars: plan.pricing == nil ? nil : totals.reduce(0) { $0 + $1.costDollars },
                positiveFeedback: total(\.positiveFeedback),
                negativeFeedback: total(\.negativeFeedback),
                latencySeconds: HistogramTruth(summing: totals.map(\.latency), layout: .experimentLatency),
                score: plan.exportsScore ? HistogramTruth(summing: totals.map(\.score), layout: .experimentScore) : nil
            )
        }
    }

    /// `{"experiments": […]}` with sorted keys, as `GET /sim/experiments` answers.
    public static func json(_ truths: [ExperimentTruth]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(["experiments": truths])) ?? Data("{\"experiments\":[]}".utf8)
    }
}

extension ExperimentTruth.HistogramTruth {
    /// Bucket-wise sum of one histogram per server (all share the layout).
    init(summing histograms: [BucketedHistogram], layout: BucketLayout) {
        upperBounds = layout.upperBounds
        var counts = Array(repeating: 0, count: layout.upperBounds.count + 1)
        for histogram in histograms {
            for (index, cumulative) in histogram.cumulativeCounts.enumerated() where counts.indices.contains(index) {
                counts[index] += Int(cumulative)
            }
        }
        cumulativeCounts = counts
        sum = histograms.reduce(0) { $0 + $1.sum }
        count = histograms.reduce(0) { $0 + Int($1.count) }
    }
}

extension ExperimentTruth {
    /// Every planned experiment summed over its servers, each read at its current simulated time.
    static func fleet(_ assignment: ExperimentAssignment, _ directory: FleetDirectory) async -> [ExperimentTruth] {
        var truths: [ExperimentTruth] = []
        for entry in assignment.entries {
            var parts: [ExperimentTotals] = []
            for name in entry.serverNames {
                if let totals = await directory.host(named: name)?.experimentTotals(named: entry.plan.name) {
                    parts.append(totals)
                }
            }
            truths.append(ExperimentTruth(plan: entry.plan, servers: entry.serverNames, parts: parts))
        }
        return truths
    }
}
