import Store

/// One deployment's row in the fleet table: what the store knows about it over the status window.
///
/// `nil` means unknown (not exported or nothing observed), never zero.
public struct DeploymentSummary: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var environment: String
    public var url: String
    /// `up`, `down`, `degraded` or `bad_payload` from the latest poll; nil before the first one.
    public var health: String?
    public var lastError: String?
    /// Milliseconds since the Unix epoch of the latest poll.
    public var lastPoll: Int64?
    public var model: String?
    public var version: String?
    /// Milliseconds since the Unix epoch when the current version was first observed.
    public var deployedAt: Int64?
    public var requestsPerSecond: Double?
    /// Failed over finished requests, 0–1.
    public var errorRatio: Double?
    /// End-to-end latency quantiles, seconds.
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var latencyP99: Double?
    /// Time to first token p95, seconds.
    public var ttftP95: Double?
    /// Generated tokens per second.
    public var tokensPerSecond: Double?
    public var running: Double?
    public var waiting: Double?
    /// KV-cache usage 0–1.
    public var kvCacheUsage: Double?

    public init(name: String, kind: String = "", environment: String = "production", url: String = "") {
        self.name = name
        self.kind = kind
        self.environment = environment
        self.url = url
    }

    /// Whether the latest poll reached the server and it answered sensibly.
    public var isUp: Bool { health == "up" || health == "degraded" }
}

extension DeploymentSummary {
    /// The row for a deployment's store status (`llmdeck status`' numbers), with the endpoint and
    /// the time its current version was first seen (milliseconds since the Unix epoch).
    public init(_ status: DeploymentStatus, url: String, deployedAt: Int64?) {
        self.init(name: status.name, kind: status.kind, environment: status.environment, url: url)
        health = status.health
        lastError = status.lastError
        lastPoll = status.lastPoll
        model = status.model
        version = status.version
        self.deployedAt = deployedAt
        requestsPerSecond = status.requestsPerSecond
        errorRatio = status.errorRatio
        latencyP50 = status.latencySeconds.p50
        latencyP95 = status.latencySeconds.p95
        latencyP99 = status.latencySeconds.p99
        ttftP95 = status.ttftSeconds.p95
        tokensPerSecond = status.tokensPerSecond
        running = status.running
        waiting = status.waiting
        kvCacheUsage = status.kvCacheUsage
    }
}
