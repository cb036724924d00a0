import Config
import HTTP

/// A deployment ready to poll: URLs resolved, the bearer token read once from the environment.
///
/// The token lives only in `headers` (which `HTTPRequest` redacts in its description); it is never
/// part of an error, a log line or the store.
public struct ScrapeTarget: Sendable {
    public var name: String
    /// The URL health and identity paths are appended to, without a trailing slash
    /// (`ServerEndpoints`).
    public var baseURL: String
    public var environment: String
    /// Configured kind; nil means detect.
    public var kind: ServerKind?
    /// Seconds between polls.
    public var interval: Double
    /// Seconds each request may take.
    public var timeout: Double
    public var modelOverride: String?
    public var versionOverride: String?
    /// Where the exposition is fetched (`ServerEndpoints`).
    public var metricsURL: String
    var headers: [HTTPHeader]

    /// Reads `token_env` from `environment`; throws when the variable is named but unset or empty.
    public init(_ config: DeploymentConfig, environment: [String: String]) throws(CollectorError) {
        name = config.name
        let endpoints = config.endpoints
        baseURL = endpoints.baseURL
        metricsURL = endpoints.metricsURL
        self.environment = config.environment
        kind = config.kind
        interval = config.interval
        timeout = config.timeout
        modelOverride = config.model
        versionOverride = config.version
        headers = try Self.authorization(config.tokenEnv, environment, target: config.name)
    }

    /// The bearer header for the token in `variable`; throws (naming the variable, never a value)
    /// when the variable is named but unset or empty.
    static func authorization(
        _ variable: String?,
        _ environment: [String: String],
        target: String
    ) throws(CollectorError) -> [HTTPHeader] {
        guard let variable else { return [] }
        guard let token = environment[variable], !token.isEmpty else {
            throw CollectorError(
                target: target,
                message: "environment variable \(variable) (token_env) is not set; export it or remove token_env"
            )
        }
        return [HTTPHeader(name: "Authorization", value: "Bearer " + token)]
    }

    /// A target without a config file (`probe`, tests): `url` and `metricsPath` read as a config's
    /// `url:` and `metrics_path:` are (`ServerEndpoints`); the same token rules apply.
    public init(
        name: String = "probe",
        url: String,
        metricsPath: String? = nil,
        kind: ServerKind?,
        interval: Double = 5,
        timeout: Double = 10,
        tokenEnv: String? = nil,
        environment: [String: String] = [:]
    ) throws(CollectorError) {
        self.name = name
        let endpoints = ServerEndpoints(url: url, metricsPath: metricsPath)
        baseURL = endpoints.baseURL
        metricsURL = endpoints.metricsURL
        self.environment = "production"
        self.kind = kind
        self.interval = interval
        self.timeout = timeout
        headers = try Self.authorization(tokenEnv, environment, target: name)
    }

    func url(_ path: String) -> String { baseURL + path }
}
