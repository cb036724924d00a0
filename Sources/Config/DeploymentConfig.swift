/// One model-server endpoint to poll, as written under `deployments:` in the config file.
public struct DeploymentConfig: Sendable, Equatable {
    /// Unique name shown in the console and used as the store's target key.
    public var name: String
    /// Base URL, `http(s)://host[:port][/base]`; validated on load.
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
    /// Path of the metrics endpoint when it differs from the kind's default (`/metrics`).
    public var metricsPath: String?

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
        metricsPath: String? = nil
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
    }
}
