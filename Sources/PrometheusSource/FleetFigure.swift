import Vocabulary

/// A figure llmdeck reads for every deployment of a fleet from Prometheus, one row per deployment.
public enum FleetFigure: String, Sendable, CaseIterable {
    /// Finished requests per second, successes and failures together.
    case requestRate = "request_rate"
    /// Failed finished requests over all finished requests, 0–1; NaN without traffic.
    case errorRatio = "error_ratio"
    /// Median arrival-to-last-token latency, seconds.
    case e2eLatencyP50 = "e2e_latency_p50"
    /// 95th percentile arrival-to-last-token latency, seconds.
    case e2eLatencyP95 = "e2e_latency_p95"
    /// 99th percentile arrival-to-last-token latency, seconds.
    case e2eLatencyP99 = "e2e_latency_p99"
    /// 95th percentile time to first token, seconds.
    case timeToFirstTokenP95 = "ttft_p95"
    /// Generated tokens per second.
    case generationTokensPerSecond = "generation_tokens_per_second"
    /// Prompt (prefill) tokens per second.
    case promptTokensPerSecond = "prompt_tokens_per_second"
    /// Requests in the running batch, summed over the deployment's servers.
    case running
    /// Requests queued, summed over the deployment's servers.
    case waiting
    /// KV-cache use as a fraction 0–1, averaged over the deployment's servers.
    case kvCacheUsage = "kv_cache_usage"

    /// The canonical series the figure is computed from.
    public var canonicalMetric: CanonicalMetric {
        switch self {
        case .requestRate, .errorRatio: .requests
        case .e2eLatencyP50, .e2eLatencyP95, .e2eLatencyP99: .e2eLatency
        case .timeToFirstTokenP95: .timeToFirstToken
        case .generationTokensPerSecond: .generationTokens
        case .promptTokensPerSecond: .promptTokens
        case .running: .running
        case .waiting: .waiting
        case .kvCacheUsage: .kvCacheUsage
        }
    }

    /// φ of `histogram_quantile` for latency figures; nil for the others.
    public var quantile: Double? {
        switch self {
        case .e2eLatencyP50: 0.5
        case .e2eLatencyP95, .timeToFirstTokenP95: 0.95
        case .e2eLatencyP99: 0.99
        default: nil
        }
    }

    /// The unit of the values, for tables and notes.
    public var unit: String {
        switch self {
        case .requestRate: "requests/s"
        case .errorRatio, .kvCacheUsage: "fraction 0–1"
        case .e2eLatencyP50, .e2eLatencyP95, .e2eLatencyP99, .timeToFirstTokenP95: "seconds"
        case .generationTokensPerSecond, .promptTokensPerSecond: "tokens/s"
        case .running, .waiting: "requests"
        }
    }
}

/// A figure of the prompt experiments (`llm_prompt_*`), summed over the fleet by experiment and variant.
public enum ExperimentFigure: String, Sendable, CaseIterable {
    /// Cumulative requests by experiment, variant and outcome.
    case requests
    /// Cumulative tokens by experiment, variant and direction.
    case tokens
    /// Cumulative dollars by experiment and variant.
    case cost
    /// Cumulative feedback by experiment, variant and feedback.
    case feedback
    /// The latency histogram's cumulative `_bucket`, `_sum` and `_count` by experiment and variant.
    case latency
    /// The quality-score histogram's cumulative `_bucket`, `_sum` and `_count` by experiment and variant.
    case score
}

/// What a query reads: a fleet figure or an experiment figure.
public enum PromQLSubject: Sendable, Equatable {
    case fleet(FleetFigure)
    case experiment(ExperimentFigure)

    /// `fleet.request_rate`, `experiment.latency`: stable, for logs and benches.
    public var name: String {
        switch self {
        case .fleet(let figure): "fleet." + figure.rawValue
        case .experiment(let figure): "experiment." + figure.rawValue
        }
    }
}

/// One PromQL query llmdeck issues, with what it reads.
public struct PromQLQuery: Sendable, Equatable {
    public var subject: PromQLSubject
    public var promql: String

    public init(subject: PromQLSubject, promql: String) {
        self.subject = subject
        self.promql = promql
    }
}
