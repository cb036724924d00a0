import Collector
import Config
import Dispatch
import Fleet
import Foundation
import HTTP
import PrometheusSource
import Store
import Synchronization
import Vocabulary

/// Chart history of deployments read through a Prometheus source, from that Prometheus: the latency
/// quantiles over a chart's range with `query_range`, at the chart's step, for the part of the range
/// the store does not reach (llmdeck's store begins when llmdeck first read the deployment).
///
/// Called from the console's feed thread (never the concurrency pool), which waits for the answer
/// at most the source's timeout; answers are kept for a step (at least 30 s), so a chart left open
/// asks Prometheus once a step, not once a refresh.
final class PrometheusHistory: LatencyHistorySource {
    struct Source: Sendable {
        var config: PrometheusSourceConfig
        var api: PrometheusAPI
        var url: String
    }

    let sources: [Source]
    private let cache = Mutex<[String: (series: QuantileSeries, until: Int64)]>([:])

    init(_ configs: [PrometheusSourceConfig], client: HTTPClient, environment: [String: String]) {
        sources = configs.map { config in
            Source(
                config: config,
                api: PrometheusAPI(
                    url: config.url,
                    client: client,
                    bearerToken: config.tokenEnv.flatMap { environment[$0] },
                    timeout: config.timeout
                ),
                url: config.targetURL
            )
        }
    }

    func quantiles(
        _ metric: CanonicalMetric,
        of target: TargetRecord,
        from: Int64,
        to: Int64,
        step: Int64
    )
        -> QuantileSeries?
    {
        guard let source = sources.first(where: { $0.url == target.url }),
            let kind = ServerKind(rawValue: target.kind)
        else { return nil }
        let key = "\(target.name)|\(metric.rawValue)|\(step)"
        if let cached = cache.withLock({ $0[key] }), cached.until > to { return cached.series }
        guard let queries = Self.queries(metric, source.config, target: target, kind: kind, step: step) else {
            return nil
        }
        let start = Date(timeIntervalSince1970: Double(from) / 1000)
        let end = Date(timeIntervalSince1970: Double(to) / 1000)
        let answer = Answer()
        let api = source.api
        Task {
            // The three quantiles at once: the feed waits for all of them within one timeout.
            let series = await withTaskGroup(of: (Int, [SeriesPoint]).self) { group in
                for (position, query) in queries.enumerated() {
                    group.addTask {
                        let points = try? await api.queryRange(query, start: start, end: end, step: Double(step) / 1000)
                        let samples = points?.value.rangeSeries.first?.samples ?? []
                        return (
                            position,
                            samples.filter(\.value.isFinite).map {
                                SeriesPoint(time: Int64(($0.timestamp * 1000).rounded()), value: $0.value)
                            }
                        )
                    }
                }
                var series = [[SeriesPoint]](repeating: [], count: queries.count)
                for await (position, points) in group { series[position] = points }
                return series
            }
            answer.value.withLock { $0 = QuantileSeries(p50: series[0], p95: series[1], p99: series[2]) }
            answer.done.signal()
        }
        guard answer.done.wait(timeout: .now() + source.config.timeout + 2) == .success,
            let series = answer.value.withLock({ $0 })
        else { return nil }
        cache.withLock { $0[key] = (series, to + max(step, 30_000)) }
        return series
    }

    /// The p50, p95 and p99 queries of one deployment, its labels matched exactly; nil when its kind
    /// exports no such histogram.
    static func queries(
        _ metric: CanonicalMetric,
        _ config: PrometheusSourceConfig,
        target: TargetRecord,
        kind: ServerKind,
        step: Int64
    ) -> [String]? {
        // A name told apart by its environment (`chat/staging`) has the plain value in Prometheus.
        var deployment = target.name
        if config.environmentLabel != nil, deployment.hasSuffix("/" + target.environment) {
            deployment.removeLast(target.environment.count + 1)
        }
        var matchers = [config.deploymentLabel + "=" + PromQLVocabulary.stringLiteral(deployment)]
        if let label = config.environmentLabel {
            matchers.append(label + "=" + PromQLVocabulary.stringLiteral(target.environment))
        }
        guard
            let vocabulary = try? PromQLVocabulary(
                source: config,
                extraMatchers: matchers,
                queryInterval: Double(step) / 1000
            )
        else { return nil }
        let queries = [0.5, 0.95, 0.99].compactMap { vocabulary.quantileQuery(metric, $0, kind: kind) }
        return queries.count == 3 ? queries : nil
    }
}

/// What the task hands back to the waiting feed thread.
private final class Answer: Sendable {
    let value = Mutex<QuantileSeries?>(nil)
    let done = DispatchSemaphore(value: 0)
}
