import Analysis
import ArgumentParser
import Collector
import Config
import Exposition
import Foundation
import HTTP
import Store

/// `llmdeck probe URL`: fetch a server once and show what the adapters make of it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Fetch one server once and show its detected kind, health, canonical values and every family.",
        discussion: "The tool to run when a target looks wrong in the console. Writes nothing."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Base URL of the server, e.g. http://10.0.0.5:8000.")
    var url: String

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
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("\(url) is not an http:// or https:// URL")
        }
        let target: ScrapeTarget
        do {
            target = try ScrapeTarget(
                url: url,
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
        let report = ProbeReport(observation)
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
