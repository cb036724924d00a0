import ArgumentParser
import Config

/// `llmdeck check-config`: validates the configuration and says what it would watch.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration file and print what it describes.",
        discussion: """
            Exits 0 when the file is valid, 2 with a `file:line:column: message` error when it \
            is not. A missing default file is an empty configuration; a missing --config file \
            is an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let config = try global.loadConfiguration()
        let source = config.sourceFile ?? "(no configuration file: defaults)"
        print("\(source): ok, \(config.deployments.count) deployment(s); store \(config.store.path)")
        for deployment in config.deployments {
            let kind = deployment.kind?.rawValue ?? "auto"
            let endpoints = deployment.endpoints
            // The metrics URL only when the URL's path or metrics_path moved it from root + /metrics.
            let metrics =
                endpoints.metricsURL == endpoints.baseURL + ServerEndpoints.defaultMetricsPath
                ? "" : "  metrics=\(endpoints.metricsURL)"
            print(
                "  \(deployment.name)  \(endpoints.baseURL)\(metrics)  kind=\(kind)  env=\(deployment.environment)  "
                    + "every \(formatDuration(deployment.interval))"
            )
        }
    }
}
