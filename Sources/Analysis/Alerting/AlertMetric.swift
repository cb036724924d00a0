/// The figures a rule can name by word instead of by series; the evaluator maps each onto the
/// canonical `llmdeck:` series of every deployment, whatever server exports it.
public enum AlertMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// 1 while the latest poll failed (down or unreadable payload), else 0.
    case targetDown = "target_down"
    /// Failed requests over all finished requests in the window, 0–1.
    case errorRatio = "error_ratio"
    /// End-to-end request latency histogram, seconds.
    case e2eLatency = "e2e_latency"
    /// Time-to-first-token histogram, seconds.
    case ttft
    /// KV-cache use, 0–1 (vLLM's `kv_cache_usage_perc` is a fraction despite its name).
    case kvCacheUsage = "kv_cache_usage"
    /// Requests waiting to be scheduled (gauge).
    case queueWaiting = "queue_waiting"
    /// Population stability index of the most-drifted feature, current window against baseline.
    case drift
    /// A change point in the deployment's per-minute p95 end-to-end latency (CUSUM, upward): the
    /// latest minute's p95 over the detector's baseline mean while the shift is recent, else 1.
    case latencyShift = "latency_shift"
    /// A change point in the per-minute error ratio (CUSUM, upward): the latest minute's ratio
    /// minus the baseline mean while the shift is recent, else 0.
    case errorShift = "error_shift"

    /// The aggregation a rule gets when it names none.
    public var defaultAggregation: AlertAggregation {
        switch self {
        case .errorRatio: return .ratio
        case .e2eLatency, .ttft: return .quantile(0.95)
        case .targetDown, .kvCacheUsage, .queueWaiting, .drift, .latencyShift, .errorShift: return .value
        }
    }

    /// Whether the figure can be aggregated that way: a quantile needs a histogram, a ratio is
    /// the error ratio's own, a rate of the queue is its growth per second.
    public func allows(_ aggregation: AlertAggregation) -> Bool {
        switch (self, aggregation) {
        case (.errorRatio, .ratio), (.e2eLatency, .quantile), (.ttft, .quantile): return true
        case (.queueWaiting, .rate), (.queueWaiting, .value): return true
        case (.targetDown, .value), (.kvCacheUsage, .value), (.drift, .value): return true
        case (.latencyShift, .value), (.errorShift, .value): return true
        default: return false
        }
    }
}

/// How a rule reduces its window to one number.
public enum AlertAggregation: Sendable, Hashable {
    /// Per-second increase of a counter (PromQL `rate`), or per-second slope of a gauge (`deriv`).
    case rate
    /// A part over its whole, such as failed over finished requests.
    case ratio
    /// The q-quantile of a histogram, interpolated as PromQL's `histogram_quantile`; 0 < q < 1.
    case quantile(Double)
    /// The latest sample in the window.
    case value

    /// Reads `rate`, `ratio`, `value` or `quantile(q)` with 0 < q < 1; `nil` for other text.
    public init?(text: String) {
        switch text {
        case "rate": self = .rate
        case "ratio": self = .ratio
        case "value": self = .value
        default:
            guard text.hasPrefix("quantile("), text.hasSuffix(")"),
                let q = Double(text.dropFirst("quantile(".count).dropLast()), q > 0, q < 1
            else {
                return nil
            }
            self = .quantile(q)
        }
    }

    /// The form `init(text:)` reads: `quantile(0.95)`.
    public var text: String {
        switch self {
        case .rate: return "rate"
        case .ratio: return "ratio"
        case .value: return "value"
        case .quantile(let q): return "quantile(\(q))"
        }
    }
}

/// What a rule watches: a vocabulary figure, or any raw series a server exports.
public enum AlertMeasure: Sendable, Hashable {
    case metric(AlertMetric)
    /// A series name as scraped, such as `vllm:num_preemptions_total`.
    case series(String)

    /// The unit a value of this measure under `aggregation` is in.
    public func unit(under aggregation: AlertAggregation) -> AlertUnit {
        switch (self, aggregation) {
        case (.metric(.e2eLatency), _), (.metric(.ttft), _): return .seconds
        case (.metric(.errorRatio), _), (.metric(.kvCacheUsage), _), (.metric(.errorShift), _), (.series, .ratio):
            return .fraction
        case (.metric(.queueWaiting), .value): return .count
        case (_, .rate): return .perSecond
        default: return .number
        }
    }

    /// The figure in words, as summaries and the alerts pane name it: "p95 latency".
    public func name(under aggregation: AlertAggregation) -> String {
        let prefix: String
        if case .quantile(let q) = aggregation {
            prefix = "p\(NumberText.plainPercent(q)) "
        } else {
            prefix = aggregation == .rate ? "rate of " : ""
        }
        switch self {
        case .metric(.targetDown): return "target down"
        case .metric(.errorRatio): return "error ratio"
        case .metric(.e2eLatency): return prefix + "latency"
        case .metric(.ttft): return prefix + "TTFT"
        case .metric(.kvCacheUsage): return "KV-cache use"
        case .metric(.queueWaiting): return aggregation == .rate ? "waiting queue growth" : "waiting requests"
        case .metric(.drift): return "drift PSI"
        case .metric(.latencyShift): return "p95 latency shift (× baseline)"
        case .metric(.errorShift): return "error ratio shift"
        case .series(let name): return prefix + name
        }
    }
}
