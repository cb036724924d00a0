import Analysis
import Store
import Vocabulary

/// Where a status's numbers come from: per-deployment reads, a fleet-wide read's results, or the
/// rows a `StatusWindows` holds. Every reader fills one and `DeploymentStatus(_:_:window:_:)`
/// derives the figures, so `status`, `status --json` and the console cannot disagree.
struct StatusInputs {
    /// Window total of counter ids (nil: no row).
    var total: ([Int64]) throws -> Double?
    /// Merged histogram of one metric's layout over the deployment's latency window (nil: no
    /// row): the status's window, or `latencyWindow(_:_:)` when that is longer.
    var histogram: (HistogramLayout) throws -> HistogramTotal?
    /// Latest gauge values of ids within the window (may hold other ids too).
    var gauges: ([Int64]) throws -> [Int64: Double]
    var scrape: ScrapeRecord?
    var identity: VersionRecord?
}

extension DeploymentStatus {
    /// The gauge metrics a status shows.
    static let gaugeMetrics: [CanonicalMetric] = [.running, .waiting, .kvCacheUsage]
    /// The latency histograms a status shows.
    static let latencyMetrics: [CanonicalMetric] = [.e2eLatency, .timeToFirstToken]

    /// The counter series a status reads (requests by outcome, generated tokens).
    static func counterIDs(_ series: CanonicalSeries) -> [Int64] {
        series.ids(.requests, RequestOutcome.success.labelText) + series.ids(.requests, RequestOutcome.error.labelText)
            + series.ids(.generationTokens) + series.ids(.promptTokens)
    }

    /// The gauge series a status reads.
    static func gaugeIDs(_ series: CanonicalSeries) -> [Int64] { gaugeMetrics.flatMap { series.ids($0) } }

    /// Builds one status from its numbers: the one place rates, ratios and quantiles are derived
    /// (quantiles by Prometheus' `histogram_quantile`, rates over the whole window).
    init(
        _ target: TargetRecord,
        _ series: CanonicalSeries,
        window: Int64,
        _ inputs: StatusInputs
    ) throws {
        let seconds = Double(window) / 1000
        func quantiles(_ metric: CanonicalMetric) throws -> LatencyQuantiles {
            guard let layout = series.layout(of: metric), let histogram = try inputs.histogram(layout),
                histogram.count > 0
            else { return LatencyQuantiles() }
            let buckets = zip(histogram.upperBounds, histogram.cumulativeCounts).map {
                HistogramBucket(upperBound: $0, cumulativeCount: $1)
            }
            let value = { (q: Double) -> Double? in
                let result = histogramQuantile(q, buckets)
                return result.isFinite ? result : nil
            }
            return LatencyQuantiles(p50: value(0.5), p95: value(0.95), p99: value(0.99))
        }

        let successes = try inputs.total(series.ids(.requests, RequestOutcome.success.labelText))
        let errors = try inputs.total(series.ids(.requests, RequestOutcome.error.labelText))
        var requests: Double?
        if successes != nil || errors != nil { requests = (successes ?? 0) + (errors ?? 0) }
        let gauges = try inputs.gauges(Self.gaugeIDs(series))
        func gauge(_ metric: CanonicalMetric) -> Double? { series.ids(metric).compactMap { gauges[$0] }.first }
        let generated = try inputs.total(series.ids(.generationTokens))
        let prompt = try inputs.total(series.ids(.promptTokens))
        let identity = inputs.identity
        self.init(
            name: target.name,
            kind: target.kind,
            environment: target.environment,
            url: target.url,
            health: inputs.scrape?.health,
            lastError: inputs.scrape?.error,
            lastPoll: inputs.scrape?.ts,
            model: identity.flatMap { $0.model.isEmpty ? nil : $0.model },
            version: identity.flatMap { $0.version.isEmpty ? nil : $0.version },
            versionSeenAt: identity?.ts,
            requestsPerSecond: requests.map { $0 / seconds },
            errorRatio: requests.flatMap { $0 > 0 ? (errors ?? 0) / $0 : nil },
            latencySeconds: try quantiles(.e2eLatency),
            ttftSeconds: try quantiles(.timeToFirstToken),
            latencyWindowSeconds: latencyWindow(window, target) > window
                && Self.latencyMetrics.contains { series.layout(of: $0) != nil }
                ? Double(latencyWindow(window, target)) / 1000 : nil,
            tokensPerSecond: generated.map { $0 / seconds },
            promptTokensPerSecond: prompt.map { $0 / seconds },
            running: gauge(.running),
            waiting: gauge(.waiting),
            kvCacheUsage: gauge(.kvCacheUsage)
        )
    }
}

/// The window a deployment's latency is read over: `window`, or as long as the deployment's
/// latency histograms may go unread (`TargetRecord.latencyEvery`, a Prometheus source reading them
/// in turns) when that is longer, so the window always holds a read and its quantiles never
/// blink out between turns.
func latencyWindow(_ window: Int64, _ target: TargetRecord) -> Int64 {
    max(window, target.latencyEvery ?? 0)
}

/// `now - window`, saturated instead of trapping for windows and times a caller got wrong.
func windowStart(now: Int64, window: Int64) -> Int64 {
    let (difference, overflow) = now.subtractingReportingOverflow(window)
    return overflow ? (window > 0 ? Int64.min : Int64.max) : difference
}
