/// The one vocabulary every adapter maps its server onto, and every reader (status, console) queries.
///
/// Series are stored under these names next to the raw server series, per deployment. Counters and
/// histograms hold increments (see DESIGN.md), gauges hold values. Latencies are in seconds whatever
/// unit the server uses; the adapters convert.
public enum CanonicalMetric: String, Sendable, CaseIterable {
    /// Finished requests, counter, label `outcome` = `success` | `error`.
    case requests = "llmdeck:requests_total"
    /// Arrival to last token, seconds, histogram.
    case e2eLatency = "llmdeck:e2e_latency_seconds"
    /// Arrival to first token, seconds, histogram (not exported by TGI or llama.cpp).
    case timeToFirstToken = "llmdeck:time_to_first_token_seconds"
    /// Gap between generated tokens, seconds, histogram.
    case interTokenLatency = "llmdeck:inter_token_latency_seconds"
    /// Time spent waiting before being scheduled, seconds, histogram.
    case queueTime = "llmdeck:queue_time_seconds"
    /// Prompt (prefill) tokens, counter.
    case promptTokens = "llmdeck:prompt_tokens_total"
    /// Generated tokens, counter.
    case generationTokens = "llmdeck:generation_tokens_total"
    /// Requests in the running batch, gauge.
    case running = "llmdeck:requests_running"
    /// Requests queued, gauge.
    case waiting = "llmdeck:requests_waiting"
    /// KV-cache usage as a fraction 0–1, gauge.
    case kvCacheUsage = "llmdeck:kv_cache_usage_ratio"

    /// How the series is stored.
    public var kind: SeriesKind {
        switch self {
        case .requests, .promptTokens, .generationTokens: .counter
        case .e2eLatency, .timeToFirstToken, .interTokenLatency, .queueTime: .histogram
        case .running, .waiting, .kvCacheUsage: .gauge
        }
    }

    /// The prefix that marks a series name as canonical rather than raw.
    public static let namePrefix = "llmdeck:"
}

/// The `outcome` label of `llmdeck:requests_total`.
public enum RequestOutcome: String, Sendable, CaseIterable {
    case success
    case error

    /// The canonical label text of the series (`outcome="success"`), as stored in `SeriesKey.labels`.
    public var labelText: String { "outcome=\"\(rawValue)\"" }
}
