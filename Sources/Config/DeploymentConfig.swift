import Actions

/// One model-server endpoint to poll, as written under `deployments:` in the config file.
public struct DeploymentConfig: Sendable, Equatable {
    /// Unique name shown in the console and used as the store's target key.
    public var name: String
    /// The server's root (`http(s)://host[:port]`) or its metrics page (`http://host:8002/metrics`);
    /// a base with a path prefix when `metricsPath` is set. Validated on load; `endpoints` reads it.
    public var url: String
    /// Server family; `nil` means auto-detect from the server's endpoints.
    public var kind: ServerKind?
    /// Free-form environment label (`production`, `staging`, …).
    public var environment: String
    /// Seconds between polls.
    public var interval: Double
    /// Seconds a poll may take before it counts as failed.
    public var timeout: Double
    /// Name of the environment variable holding a bearer token; the token itself never enters
    /// the config, the store or the logs.
    public var tokenEnv: String?
    /// Override of the served model id the server reports.
    public var model: String?
    /// Override of the served model version the server reports.
    public var version: String?
    /// Path of the metrics page under `url`, or its absolute URL (Triton serves metrics on :8002).
    public var metricsPath: String?
    /// What rolls this deployment back (`rollback:`); `nil` when none is configured.
    public var rollback: ActionSpec?
    /// When an alert after a deploy plans or runs `rollback` by itself (`guard:`); `nil` for never.
    public var `guard`: GuardConfig?

    /// Seconds between polls when `interval` is omitted.
    public static let defaultInterval: Double = 5
    /// Upper bound, in seconds, of the default timeout.
    public static let maximumDefaultTimeout: Double = 10
    /// Environment label when `environment` is omitted.
    public static let defaultEnvironment = "production"

    public init(
        name: String,
        url: String,
        kind: ServerKind? = nil,
        environment: String = DeploymentConfig.defaultEnvironment,
        interval: Double = DeploymentConfig.defaultInterval,
        timeout: Double? = nil,
        tokenEnv: String? = nil,
        model: String? = nil,
        version: String? = nil,
        metricsPath: String? = nil,
        rollback: ActionSpec? = nil,
        guard: GuardConfig? = nil
    ) {
        self.name = name
        self.url = url
        self.kind = kind
        self.environment = environment
        self.interval = interval
        self.timeout = timeout ?? min(interval, DeploymentConfig.maximumDefaultTimeout)
        self.tokenEnv = tokenEnv
        self.model = model
        self.version = version
        self.metricsPath = metricsPath
        self.rollback = rollback
        self.guard = `guard`
    }

    /// Where the server's metrics page and its other endpoints are, by the rule of `ServerEndpoints`.
    public var endpoints: ServerEndpoints { ServerEndpoints(url: url, metricsPath: metricsPath) }
}
