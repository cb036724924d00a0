import ArgumentParser
import Collector
import Config
import Foundation
import HTTP

/// `llmdeck probe URL`: fetch a server once and show what the adapters make of it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Fetch one server once and show its detected kind, health, canonical values and every family.",
        discussion: """
            The tool to run when a target looks wrong in the console. Writes nothing. Exits 0 when \
            the server is up, 1 otherwise, 2 when the token variable is missing.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: """
            The server's URL, e.g. http://10.0.0.5:8000 (metrics at /metrics), or its metrics URL, \
            e.g. http://10.0.0.5:8002/metrics (health and identity endpoints at http://10.0.0.5:8002).
            """
    )
    var url: String

    @Option(
        help: """
            Metrics path under URL, or the metrics page's own http(s):// URL, as a config's \
            metrics_path (URL is then a base: a path there is a prefix).
            """
    )
    var metricsPath: String?

    @Option(
        help: "Server kind instead of detecting it: \(ServerKind.allCases.map(\.rawValue).joined(separator: ", "))."
    )
    var kind: String?

    @Option(help: "Seconds each request may take.")
    var timeout: Double = 10

    @Option(help: "Environment variable holding a bearer token to send.")
    var tokenEnv: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        var serverKind: ServerKind?
        if let kind {
            guard let parsed = ServerKind(rawValue: kind) else {
                throw ValidationError(
                    "--kind \(kind) is not one of \(ServerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            serverKind = parsed
        }
        guard ServerEndpoints.isAbsolute(url) else {
            throw ValidationError("\(url) is not an http:// or https:// URL")
        }
        if let metricsPath, !ServerEndpoints.isMetricsPath(metricsPath) {
            throw ValidationError("--metrics-path \(metricsPath) is not a path starting with / or an http(s):// URL")
        }
        let target: ScrapeTarget
        do {
            target = try ScrapeTarget(
                url: url,
                metricsPath: metricsPath,
                kind: serverKind,
                timeout: timeout,
                tokenEnv: tokenEnv,
                environment: ProcessInfo.processInfo.environment
            )
        } catch {
            CommandBridge.printError("llmdeck probe: \(error)")
            throw ExitCode(2)
        }
        let client = HTTPClient()
        let scraper = TargetScraper(client: client)
        let observation = CommandBridge.wait { await scraper.scrape(target, knownKind: nil) }
        client.shutdown()
        let report = ProbeReport(observation, of: target)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text, terminator: "")
        }
        if observation.health != .up { throw ExitCode(1) }
    }
}
