import Foundation

/// `GET /sim/state`: what the server really generated, so tests and the collector's checks can compare.
enum GroundTruth {
    /// JSON object with stable snake_case keys; histograms are keyed by the exported family name.
    static func json(_ model: ServerModel, url: String, paused: Bool) -> Data {
        let metrics = model.metrics
        let load = model.runningAndWaiting
        var histograms: [String: Any] = [:]
        switch model.identity.kind {
        case .vllm:
            histograms["vllm:e2e_request_latency_seconds"] = histogram(metrics.endToEnd)
            histograms["vllm:time_to_first_token_seconds"] = histogram(metrics.firstToken)
            histograms["vllm:request_prompt_tokens"] = histogram(metrics.promptLength)
        case .tgi:
            histograms["tgi_request_duration"] = histogram(metrics.tgiDuration)
            histograms["tgi_request_input_length"] = histogram(metrics.tgiInputLength)
        case .llamacpp:
            break
        }
        var finished: [String: Any] = [:]
        for (reason, count) in metrics.finished {
            finished[reason.rawValue] = count
        }
        let experiments = metrics.experiments.map {
            ExperimentTruth(plan: $0.plan, servers: [model.identity.name], parts: [$0])
        }
        let quantiles: Any =
            metrics.exactLatenciesOverflowed
            ? NSNull()
            : [
                "p50": exactQuantile(0.5, metrics.exactLatencies) as Any? ?? NSNull(),
                "p95": exactQuantile(0.95, metrics.exactLatencies) as Any? ?? NSNull(),
                "p99": exactQuantile(0.99, metrics.exactLatencies) as Any? ?? NSNull(),
            ]
        let object: [String: Any] = [
            "name": model.identity.name,
            "kind": model.identity.kind.rawValue,
            "environment": model.identity.environment,
            "url": url,
            "model": model.servedModel,
            "version": model.reportedVersion,
            "release": model.currentRelease.label,
            "releases": model.releases.map(\.label),
            "latency_factor": model.currentRelease.latencyFactor,
            "prompt_factor": model.promptFactor,
            "sim_time_seconds": model.now,
            "paused": paused,
            "fault": faultName(model.fault),
            "counters_created_unix": metrics.createdUnix,
            "requests": [
                "total": metrics.requestsTotal,
                "success": metrics.successTotal,
                "failure": metrics.requestsTotal - metrics.successTotal,
                "by_finish_reason": finished,
                "tgi_failures": metrics.tgiFailures,
            ],
            "prompt_tokens": metrics.promptTokens,
            "generation_tokens": metrics.generationTokens,
            "running": load.running,
            "waiting": load.waiting,
            "kv_cache_usage": model.kvCacheUsage,
            "histograms": histograms,
            "e2e_exact_quantiles_seconds": quantiles,
            "experiments": jsonObject(experiments),
        ]
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
    }

    /// The experiments as the same JSON `GET /sim/experiments` writes, to embed in the state object.
    private static func jsonObject(_ experiments: [ExperimentTruth]) -> Any {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(experiments) else { return [Any]() }
        return (try? JSONSerialization.jsonObject(with: data)) ?? [Any]()
    }

    private static func histogram(_ histogram: BucketedHistogram) -> [String: Any] {
        [
            "upper_bounds": histogram.upperBounds,
            "cumulative_counts": histogram.cumulativeCounts,
            "sum": histogram.sum,
            "count": histogram.count,
        ]
    }

    private static func faultName(_ fault: ServerModel.Fault) -> String {
        switch fault {
        case .none: return "none"
        case .down: return "down"
        case .hang: return "hang"
        case .html: return "html"
        case .huge: return "huge"
        }
    }

    /// Linear interpolation between closest ranks (NumPy's default, Hyndman & Fan type 7).
    static func exactQuantile(_ q: Double, _ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
