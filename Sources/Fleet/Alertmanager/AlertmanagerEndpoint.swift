import Config
import Foundation
import HTTP
import PrometheusSource
import Store

/// One configured `alertmanager` source with its client: what the poller reads and where silences of
/// its alerts are made.
public struct AlertmanagerEndpoint: Sendable {
    public let config: AlertmanagerSourceConfig
    public let api: AlertmanagerAPI

    public init(config: AlertmanagerSourceConfig, api: AlertmanagerAPI) {
        self.config = config
        self.api = api
    }

    /// The sources' clients on `client`, each with the bearer token its `token_env` names; throws when a
    /// named variable is unset or empty.
    public static func make(
        _ sources: [AlertmanagerSourceConfig],
        client: HTTPClient,
        environment: [String: String]
    ) throws(AlertActionError) -> [AlertmanagerEndpoint] {
        var endpoints: [AlertmanagerEndpoint] = []
        for source in sources {
            var token: String?
            if let variable = source.tokenEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw AlertActionError(
                        "alertmanager source \(source.name): environment variable \(variable) (token_env) is not "
                            + "set; export it or remove token_env"
                    )
                }
                token = value
            }
            let api = AlertmanagerAPI(url: source.url, client: client, bearerToken: token, timeout: source.timeout)
            endpoints.append(AlertmanagerEndpoint(config: source, api: api))
        }
        return endpoints
    }

    /// The server's root with any `user:password@` removed, for messages and the audit trail.
    public var redactedURL: String { HTTPRequest(url: api.baseURL).redactedURL }

    /// The name and the URL, credentials removed: `am (http://alertmanager:9093)`.
    public var label: String { "\(config.name) (\(redactedURL))" }

    /// `alert` as the store keeps it, its deployment read from this source's `deployment_label`.
    func stored(_ alert: AlertmanagerAlert) -> StoredAlertmanagerAlert {
        func milliseconds(_ date: Date?) -> Int64? {
            date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        }
        return StoredAlertmanagerAlert(
            source: config.name,
            fingerprint: alert.fingerprint,
            alertname: alert.name,
            deployment: alert.labels[config.deploymentLabel],
            severity: alert.labels["severity"],
            summary: alert.annotations["summary"] ?? alert.annotations["description"],
            state: alert.state,
            startsAt: milliseconds(alert.startsAt),
            endsAt: milliseconds(alert.endsAt),
            labels: alert.labels,
            annotations: alert.annotations,
            silencedBy: alert.silencedBy,
            inhibitedBy: alert.inhibitedBy,
            generatorURL: alert.generatorURL
        )
    }
}
