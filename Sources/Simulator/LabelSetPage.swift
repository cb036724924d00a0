/// The `/metrics` page of one label-set endpoint: vLLM's figures once per deployment it carries, each
/// series labelled `deployment`, `env` and `model_name`, in `prometheus_client`'s layout (sorted labels,
/// Go-style floats, one HELP and TYPE per family, the family's series together).
///
/// Built for size (thousands of deployments × 59 series): every label block and `le` text is encoded
/// once, and a render only advances the numbers and copies bytes.
struct LabelSetPage: Sendable {
    private struct Family: Sendable {
        var name: String
        var type: String
        var help: String
    }

    static let running = "vllm:num_requests_running"
    static let waiting = "vllm:num_requests_waiting"
    static let kvCache = "vllm:kv_cache_usage_perc"
    static let promptTokens = "vllm:prompt_tokens_total"
    static let generationTokens = "vllm:generation_tokens_total"
    static let requestSuccess = "vllm:request_success_total"
    static let firstToken = "vllm:time_to_first_token_seconds"
    static let endToEnd = "vllm:e2e_request_latency_seconds"

    /// Series per deployment: three gauges, two token counters, five finish reasons, and two histograms
    /// (their buckets, `_count` and `_sum`).
    static let seriesPerDeployment =
        5 + SimulatedRequest.FinishReason.allCases.count + (ServingBuckets.vllmTimeToFirstToken.count + 3)
        + (ServingBuckets.vllmRequestLatency.count + 3)

    private(set) var deployments: [LabelSetDeployment]
    /// Simulated seconds the counters describe.
    private(set) var now = 0.0
    /// Per deployment, `{deployment="…",env="…",` and `model_name="…"} `.
    private let heads: [[UInt8]]
    private let tails: [[UInt8]]
    private let reasonLabels: [[UInt8]]
    private let firstTokenBounds: [[UInt8]]
    private let endToEndBounds: [[UInt8]]

    init(deployments: [LabelSetDeployment]) {
        self.deployments = deployments
        heads = deployments.map { deployment in
            let labels =
                "{deployment=\"" + ExpositionWriter.escapeLabel(deployment.name) + "\",env=\""
                + ExpositionWriter.escapeLabel(deployment.environment) + "\","
            return Array(labels.utf8)
        }
        tails = deployments.map { Array(("model_name=\"" + ExpositionWriter.escapeLabel($0.model) + "\"} ").utf8) }
        reasonLabels = SimulatedRequest.FinishReason.allCases.map { Array("finished_reason=\"\($0.rawValue)\",".utf8) }
        firstTokenBounds = BucketLayout.vllmTimeToFirstToken.prometheusClientLabels.map { Array("le=\"\($0)\",".utf8) }
        endToEndBounds = BucketLayout.vllmRequestLatency.prometheusClientLabels.map { Array("le=\"\($0)\",".utf8) }
    }

    /// Advances every deployment to simulated time `time` and writes the page.
    mutating func render(at time: Double) -> [UInt8] {
        if time > now {
            for index in deployments.indices {
                deployments[index].advance(by: time - now)
            }
            now = time
        }
        var out = PageBytes(capacity: deployments.count * Self.seriesPerDeployment * 140)
        series(&out, Self.running, "gauge", "Number of requests in model execution batches.") { $0.running }
        series(&out, Self.waiting, "gauge", "Number of requests waiting to be processed.") { $0.waiting }
        series(&out, Self.kvCache, "gauge", "KV-cache usage. 1 means 100 percent usage.") { $0.kvCacheUsage }
        series(&out, Self.promptTokens, "counter", "Number of prefill tokens processed.") {
            ($0.requests * $0.promptTokensPerRequest).rounded(.down)
        }
        series(&out, Self.generationTokens, "counter", "Number of generation tokens processed.") {
            ($0.requests * $0.generationTokensPerRequest).rounded(.down)
        }
        out.family(Self.requestSuccess, type: "counter", help: "Count of successfully processed requests.")
        let name = Array(Self.requestSuccess.utf8)
        for (index, deployment) in deployments.enumerated() {
            for (reason, share) in zip(reasonLabels, deployment.reasonShares) {
                out.line(name, heads[index], reason, tails[index], deployment.requests(withShare: share))
            }
        }
        histogram(&out, Self.firstToken, "Histogram of time to first token in seconds.", firstTokenBounds) {
            ($0.firstTokenShares, $0.firstTokenMean)
        }
        histogram(&out, Self.endToEnd, "Histogram of e2e request latency in seconds.", endToEndBounds) {
            ($0.endToEndShares, $0.endToEndMean)
        }
        return out.bytes
    }

    /// A gauge or counter family: one series per deployment.
    private func series(
        _ out: inout PageBytes,
        _ name: String,
        _ type: String,
        _ help: String,
        _ value: (LabelSetDeployment) -> Double
    ) {
        out.family(name, type: type, help: help)
        let name = Array(name.utf8)
        for (index, deployment) in deployments.enumerated() {
            out.line(name, heads[index], [], tails[index], value(deployment))
        }
    }

    /// Buckets, `_count`, `_sum` per deployment (prometheus_client's order); `parts` gives the cumulative
    /// share at each finite bound and the mean observation.
    private func histogram(
        _ out: inout PageBytes,
        _ name: String,
        _ help: String,
        _ bounds: [[UInt8]],
        _ parts: (LabelSetDeployment) -> (shares: [Double], mean: Double)
    ) {
        out.family(name, type: "histogram", help: help)
        let bucket = Array((name + "_bucket").utf8)
        let count = Array((name + "_count").utf8)
        let sum = Array((name + "_sum").utf8)
        for (index, deployment) in deployments.enumerated() {
            let (shares, mean) = parts(deployment)
            for (bound, share) in zip(bounds, shares + [1]) {
                out.line(bucket, heads[index], bound, tails[index], deployment.requests(withShare: share))
            }
            out.line(count, heads[index], [], tails[index], deployment.requests)
            out.line(sum, heads[index], [], tails[index], deployment.requests * mean)
        }
    }
}

/// The bytes of a page being written; values in `prometheus_client`'s notation.
struct PageBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func family(_ name: String, type: String, help: String) {
        bytes += "# HELP \(name) \(ExpositionWriter.escapeHelp(help))\n# TYPE \(name) \(type)\n".utf8
    }

    /// `name` + `{labels…,` + `extra` + `model_name="…"} ` + value.
    mutating func line(_ name: [UInt8], _ head: [UInt8], _ extra: [UInt8], _ tail: [UInt8], _ value: Double) {
        bytes += name
        bytes += head
        bytes += extra
        bytes += tail
        append(value)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Whole numbers below a million as `N.0` without going through a String (most values of the page);
    /// everything else as ``ExpositionNumber/prometheusClient(_:)`` writes it.
    mutating func append(_ value: Double) {
        guard value >= 0, value < 1e6, value == value.rounded(.down) else {
            bytes += ExpositionNumber.prometheusClient(value).utf8
            return
        }
        var number = Int(value)
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
            number /= 10
        } while number > 0
        bytes[start...].reverse()
        bytes += ".0".utf8
    }
}
