import Foundation
import Simulator
import TestSupport

/// A real Prometheus (`/usr/bin/prometheus`, the Debian package) on a loopback port, its data in a
/// temporary directory: a `ServerProcess`, stopped with its `stop()` on every path.
public enum PrometheusProcess {
    public static let binary = "/usr/bin/prometheus"

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// Starts Prometheus scraping every server every `scrapeInterval` seconds, each target labelled with
    /// `deployment`, `kind` and `env`, and returns once it answers `/-/ready`.
    public static func start(
        scraping servers: [SimulatedServer],
        scrapeInterval: Int = 1
    ) async throws -> ServerProcess {
        try await start(configuration: config(servers, scrapeInterval: scrapeInterval))
    }

    /// Starts Prometheus with `configuration` as its `prometheus.yml`, and `files` (name → text, e.g. a
    /// rule file the configuration names as `rules.yml`) beside it in its directory; returns once it
    /// answers `/-/ready`. `{{dir}}` in the configuration becomes that directory's path.
    public static func start(configuration: String, files: [String: String] = [:]) async throws -> ServerProcess {
        try await ServerProcess.start(
            "prometheus",
            binary: binary,
            prepare: { directory in
                for (name, text) in files {
                    try text.write(toFile: directory.path(name), atomically: true, encoding: .utf8)
                }
                try configuration.replacingOccurrences(of: "{{dir}}", with: directory.url.path).write(
                    toFile: directory.path("prometheus.yml"),
                    atomically: true,
                    encoding: .utf8
                )
            },
            arguments: { directory, port in
                [
                    "--config.file=" + directory.path("prometheus.yml"),
                    "--storage.tsdb.path=" + directory.path("data"),
                    "--web.listen-address=127.0.0.1:\(port)",
                    "--storage.tsdb.retention.time=1h",
                ]
            }
        )
    }

    /// The scrape configuration: one static target per server.
    public static func config(_ servers: [SimulatedServer], scrapeInterval: Int) -> String {
        scrapeConfig(
            job: "llmdeck-sim",
            interval: scrapeInterval,
            targets: servers.map { server in
                (
                    "127.0.0.1:\(server.port)",
                    ["deployment": server.name, "kind": server.kind.rawValue, "env": server.environment]
                )
            }
        )
    }

    /// A configuration scraping each target (`host:port`) with its labels every `interval` seconds, in
    /// one job.
    public static func scrapeConfig(
        job: String,
        interval: Int,
        targets: [(address: String, labels: [String: String])]
    ) -> String {
        var yaml = """
            global:
              scrape_interval: \(interval)s
              scrape_timeout: \(interval)s
              evaluation_interval: \(interval)s
            scrape_configs:
              - job_name: \(job)
                static_configs:

            """
        for target in targets {
            let labels = target.labels.sorted { $0.key < $1.key }.map { "\($0.key): '\($0.value)'" }
            yaml += "      - targets: ['\(target.address)']\n"
            yaml += "        labels: {\(labels.joined(separator: ", "))}\n"
        }
        return yaml
    }
}
