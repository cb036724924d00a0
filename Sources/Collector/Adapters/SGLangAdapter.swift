import Config
import Foundation
import Store
import Vocabulary

/// SGLang (`sglang:` metrics, `/get_model_info`); serving-metrics.md §6.
///
/// Its `/health` runs a one-token generation, so it is not polled: the metrics answer is the health
/// signal. Successful requests are `num_requests_total − num_aborted_requests_total` per label set.
public struct SGLangAdapter: ServerAdapter {
    public init() {}
    public var kind: ServerKind { .sglang }
    public var healthPath: String? { nil }
    public var hasMetrics: Bool { true }
    public var infoPaths: [String] { ["/get_model_info"] }

    public func canonicalSamples(_ index: FamilyIndex) -> [CanonicalSample] {
        var out: [CanonicalSample] = []
        let aborted = index.counters(
            "sglang:num_aborted_requests_total",
            as: .requests,
            labels: RequestOutcome.error.labelText
        )
        let abortedBySource = Dictionary(
            aborted.map { ($0.source.replacingOccurrences(of: "num_aborted_requests", with: "num_requests"), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for total in index.counters("sglang:num_requests_total", as: .requests) {
            guard case .counter(let all) = total.value else { continue }
            var abortedCount = 0.0
            if let match = abortedBySource[total.source], case .counter(let value) = match.value {
                abortedCount = value
            }
            out.append(
                CanonicalSample(
                    metric: .requests,
                    labels: RequestOutcome.success.labelText,
                    source: total.source + "-aborted",
                    value: .counter(max(0, all - abortedCount))
                )
            )
        }
        out += aborted
        out += index.counters("sglang:prompt_tokens_total", as: .promptTokens)
        out += index.counters("sglang:generation_tokens_total", as: .generationTokens)
        out += index.histogram("sglang:e2e_request_latency_seconds", as: .e2eLatency)
        out += index.histogram("sglang:time_to_first_token_seconds", as: .timeToFirstToken)
        out += index.histogram("sglang:inter_token_latency_seconds", as: .interTokenLatency)
        out += index.histogram("sglang:queue_time_seconds", as: .queueTime)
        out += [
            index.gaugeSum("sglang:num_running_reqs", as: .running),
            index.gaugeSum("sglang:num_queue_reqs", as: .waiting),
            index.gaugeMean("sglang:token_usage", as: .kvCacheUsage),
        ].compactMap { $0 }
        return out
    }

    /// Model = `model_path`; version = `weight_version`.
    public func identity(info: [String: Data], index: FamilyIndex) -> ServedIdentity {
        let object = jsonObject(info, "/get_model_info")
        return ServedIdentity(
            model: object?["model_path"] as? String,
            version: object?["weight_version"] as? String
        )
    }
}
