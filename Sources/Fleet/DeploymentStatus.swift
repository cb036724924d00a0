import Config
import Vocabulary

/// p50, p95 and p99 of a latency histogram over a window, seconds; nil when nothing was observed.
public struct LatencyQuantiles: Sendable, Equatable, Encodable {
    public var p50: Double?
    public var p95: Double?
    public var p99: Double?

    public init(p50: Double? = nil, p95: Double? = nil, p99: Double? = nil) {
        self.p50 = p50
        self.p95 = p95
        self.p99 = p99
    }

    enum CodingKeys: String, CodingKey { case p50, p95, p99 }

    /// Writes `null` for a missing quantile rather than leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(p50, forKey: .p50)
        try container.encode(p95, forKey: .p95)
        try container.encode(p99, forKey: .p99)
    }
}

/// One deployment's state over a window, as `llmdeck status` prints it and the console shows it.
///
/// `nil` means the server does not export the value (or nothing happened in the window), never zero.
public struct DeploymentStatus: Sendable, Equatable, Encodable {
    public var name: String
    public var kind: String
    public var environment: String
    /// The endpoint the collector polls; not part of `status --json`.
    public var url: String
    /// The latest poll's health; nil before the first poll.
    public var health: Health?
    /// The latest poll's error; nil when it succeeded.
    public var lastError: String?
    /// Milliseconds since the Unix epoch of the latest poll.
    public var lastPoll: Int64?
    public var model: String?
    public var version: String?
    /// Milliseconds since the Unix epoch when the current model/version was first recorded; nil
    /// before any. Read with the identity at no extra cost (the console's "deployed … ago");
    /// not part of `status --json`.
    public var versionSeenAt: Int64?
    public var requestsPerSecond: Double?
    /// Failed requests over all finished requests, 0–1.
    public var errorRatio: Double?
    public var latencySeconds: LatencyQuantiles
    public var ttftSeconds: LatencyQuantiles
    /// The window `latencySeconds` and `ttftSeconds` are over when it is longer than the status's
    /// window (the deployment's latency is read in turns: `TargetRecord.latencyEvery`); nil when
    /// it is the status's window.
    public var latencyWindowSeconds: Double?
    /// Generated (output) tokens per second.
    public var tokensPerSecond: Double?
    /// Prompt (input) tokens per second; not part of `status --json`.
    public var promptTokensPerSecond: Double?
    /// Dollars an hour at the window's token rates and the price of the served model now (the
    /// configuration's `pricing:`); nil without a price or token counters.
    public var costPerHour: Double?
    public var running: Double?
    public var waiting: Double?
    /// 0–1.
    public var kvCacheUsage: Double?

    public init(
        name: String,
        kind: String,
        environment: String,
        url: String = "",
        health: Health? = nil,
        lastError: String? = nil,
        lastPoll: Int64? = nil,
        model: String? = nil,
        version: String? = nil,
        versionSeenAt: Int64? = nil,
        requestsPerSecond: Double? = nil,
        errorRatio: Double? = nil,
        latencySeconds: LatencyQuantiles = LatencyQuantiles(),
        ttftSeconds: LatencyQuantiles = LatencyQuantiles(),
        latencyWindowSeconds: Double? = nil,
        tokensPerSecond: Double? = nil,
        promptTokensPerSecond: Double? = nil,
        costPerHour: Double? = nil,
        running: Double? = nil,
        waiting: Double? = nil,
        kvCacheUsage: Double? = nil
    ) {
        self.name = name
        self.kind = kind
        self.environment = environment
        self.url = url
        self.health = health
        self.lastError = lastError
        self.lastPoll = lastPoll
        self.model = model
        self.version = version
        self.versionSeenAt = versionSeenAt
        self.requestsPerSecond = requestsPerSecond
        self.errorRatio = errorRatio
        self.latencySeconds = latencySeconds
        self.ttftSeconds = ttftSeconds
        self.latencyWindowSeconds = latencyWindowSeconds
        self.tokensPerSecond = tokensPerSecond
        self.promptTokensPerSecond = promptTokensPerSecond
        self.costPerHour = costPerHour
        self.running = running
        self.waiting = waiting
        self.kvCacheUsage = kvCacheUsage
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, environment, health, model, version, running, waiting
        case lastError = "last_error"
        case requestsPerSecond = "requests_per_second"
        case errorRatio = "error_ratio"
        case latencySeconds = "latency_seconds"
        case ttftSeconds = "ttft_seconds"
        case latencyWindowSeconds = "latency_window_seconds"
        case tokensPerSecond = "tokens_per_second"
        case costPerHour = "cost_per_hour"
        case kvCacheUsage = "kv_cache_usage"
    }

    /// Sets `costPerHour` from the token rates and the price of the served model at `time`
    /// (milliseconds since the Unix epoch): nil without a price, a model or generated tokens; a
    /// server that exports no prompt tokens is priced on its generated tokens alone.
    public mutating func price(with table: PriceTable, at time: Int64) {
        guard let model, let generated = tokensPerSecond,
            let hourly = table.cost(
                model: model,
                at: time,
                promptTokens: (promptTokensPerSecond ?? 0) * 3600,
                completionTokens: generated * 3600
            )
        else {
            costPerHour = nil
            return
        }
        costPerHour = hourly
    }

    /// The deployment as every module refers to it.
    public var ref: DeploymentRef { DeploymentRef(name) }

    /// Whether the latest poll reached the server (`up` or `degraded`).
    public var isUp: Bool { health?.isReachable ?? false }

    /// The object of `status --json`: every key present, `null` where unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(environment, forKey: .environment)
        try container.encode(health, forKey: .health)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(model, forKey: .model)
        try container.encode(version, forKey: .version)
        try container.encode(requestsPerSecond, forKey: .requestsPerSecond)
        try container.encode(errorRatio, forKey: .errorRatio)
        try container.encode(latencySeconds, forKey: .latencySeconds)
        try container.encode(ttftSeconds, forKey: .ttftSeconds)
        // Only for a deployment whose latency is read over a longer window than the status's.
        try container.encodeIfPresent(latencyWindowSeconds, forKey: .latencyWindowSeconds)
        try container.encode(tokensPerSecond, forKey: .tokensPerSecond)
        try container.encode(costPerHour, forKey: .costPerHour)
        try container.encode(running, forKey: .running)
        try container.encode(waiting, forKey: .waiting)
        try container.encode(kvCacheUsage, forKey: .kvCacheUsage)
    }
}
