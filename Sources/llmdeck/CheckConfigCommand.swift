import Actions
import ArgumentParser
import Config
import HTTP
import Vocabulary

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
        let sources = config.sources.prometheus.count + config.sources.alertmanager.count
        let sourceCount = sources == 0 ? "" : ", \(sources) source(s)"
        print("\(source): ok, \(config.deployments.count) deployment(s)\(sourceCount); store \(config.store.path)")
        for deployment in config.deployments {
            let kind = deployment.kind?.rawValue ?? "auto"
            let endpoints = deployment.endpoints
            // The metrics URL only when the URL's path or metrics_path moved it from root + /metrics.
            let metrics =
                endpoints.metricsURL == endpoints.baseURL + ServerEndpoints.defaultMetricsPath
                ? "" : "  metrics=\(Self.shown(endpoints.metricsURL))"
            print(
                "  \(TextSanitizer.sanitize(deployment.name))  \(Self.shown(endpoints.baseURL))\(metrics)  kind=\(kind)  "
                    + "env=\(TextSanitizer.sanitize(deployment.environment))  every \(formatDuration(deployment.interval))"
            )
        }
        for prometheus in config.sources.prometheus {
            let discover = "  discover \(TextSanitizer.sanitize(prometheus.discover))"
            printSource("prometheus", prometheus.name, prometheus.url, prometheus.interval, discover)
            if let batch = prometheus.histogramBatch {
                print(
                    "    latency histograms in turns: at most \(batch) deployments' a tick "
                        + "(a deployment's latency windows are at least its turn)"
                )
            }
            if let rollback = prometheus.rollback {
                print("    rollback of each deployment it discovers: \(Self.summary(rollback))")
            }
            if let settings = prometheus.guard {
                print(
                    "    guard \(settings.mode.rawValue) within \(formatDuration(settings.afterDeploy)) of a deploy, "
                        + "on \(settings.severities.joined(separator: ", "))"
                )
            }
        }
        for alertmanager in config.sources.alertmanager {
            printSource("alertmanager", alertmanager.name, alertmanager.url, alertmanager.interval, "")
        }
    }

    /// An action as written: the command's arguments, or the request's method and URL, templates
    /// unrendered.
    static func summary(_ action: ActionSpec) -> String {
        switch action.kind {
        case .command(let command):
            return "command " + TextSanitizer.sanitize(command.arguments.elements.map(\.source).joined(separator: " "))
        case .http(let http):
            return "\(http.method) \(TextSanitizer.sanitize(http.url.source))"
        }
    }

    /// One source's line: its kind, name, URL without credentials and interval, then `detail`.
    private func printSource(_ kind: String, _ name: String, _ url: String, _ interval: Double, _ detail: String) {
        print(
            "  \(kind) source \(TextSanitizer.sanitize(name))  \(Self.shown(url))  every \(formatDuration(interval))"
                + detail
        )
    }

    /// A URL as printed: without `user:password@`, made safe for a terminal.
    static func shown(_ url: String) -> String { TextSanitizer.sanitize(HTTPRequest(url: url).redactedURL) }
}
