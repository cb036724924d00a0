import ArgumentParser
import Config
import Fleet
import Foundation
import Store
import Vocabulary

/// `llmdeck status`: every deployment's health, traffic and latency over a window, read from the store.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print each deployment's health, traffic and latency over a window, from the store.",
        discussion: """
            Reads the store that `llmdeck collect` (or the console) writes; safe while it runs. \
            Text: one aligned line per deployment. --json: {"generated_at", "window_seconds", \
            "deployments": [...]}, with null where a server does not export a value. A deployment \
            whose latency a Prometheus source reads in turns (histogram_batch) has its quantiles \
            over at least a turn, given as "latency_window_seconds" when longer than the window.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Window the rates and quantiles cover, e.g. 30s, 1m, 5m, 1h.")
    var window: String = "1m"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        guard let seconds = parseDuration(window), seconds > 0 else {
            throw ValidationError("--window \(window) is not a duration such as 30s, 1m or 1h")
        }
        let configuration = try global.loadConfiguration()
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            CommandBridge.printError("llmdeck status: no store at \(path); start `llmdeck collect` first")
            throw ExitCode(1)
        }
        let now = Date()
        let statuses: [DeploymentStatus]
        do {
            let store = try Store(path: path, readOnly: true)
            statuses = try StatusReader(store: store, pricing: configuration.pricing).statuses(
                window: Int64(seconds * 1000),
                now: Int64((now.timeIntervalSince1970 * 1000).rounded())
            )
        } catch {
            CommandBridge.printError("llmdeck status: cannot read store \(path): \(error)")
            throw ExitCode(1)
        }
        if json {
            print(try Self.json(statuses, window: seconds, generatedAt: now))
        } else {
            print(Self.table(statuses), terminator: "")
        }
    }

    /// The `status --json` document of issue 2, item 10.
    static func json(_ statuses: [DeploymentStatus], window: Double, generatedAt: Date) throws -> String {
        struct Document: Encodable {
            var generatedAt: String
            var windowSeconds: Double
            var deployments: [DeploymentStatus]
            enum CodingKeys: String, CodingKey {
                case generatedAt = "generated_at"
                case windowSeconds = "window_seconds"
                case deployments
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = Document(
            generatedAt: UTCTime.iso8601(
                milliseconds: Int64((generatedAt.timeIntervalSince1970 * 1000).rounded(.down))
            ),
            windowSeconds: window,
            deployments: statuses
        )
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// One aligned line per deployment under a header; server-supplied text passes through
    /// `TextSanitizer`, the console grid's rules.
    static func table(_ statuses: [DeploymentStatus]) -> String {
        let header = [
            "NAME", "KIND", "ENV", "HEALTH", "MODEL", "VERSION", "REQ/S", "ERR%", "P50", "P95", "P99",
            "TTFT95", "TOK/S", "$/H", "RUN", "WAIT", "KV%", "ERROR",
        ]
        let rows = statuses.map { status -> [String] in
            [
                status.name, status.kind, status.environment, status.health?.rawValue ?? "-",
                status.model ?? "-", status.version ?? "-",
                number(status.requestsPerSecond, digits: 2),
                number(status.errorRatio.map { $0 * 100 }, digits: 1),
                seconds(status.latencySeconds.p50), seconds(status.latencySeconds.p95),
                seconds(status.latencySeconds.p99), seconds(status.ttftSeconds.p95),
                number(status.tokensPerSecond, digits: 1), number(status.costPerHour, digits: 2),
                number(status.running, digits: 0),
                number(status.waiting, digits: 0), number(status.kvCacheUsage.map { $0 * 100 }, digits: 0),
                status.lastError ?? "",
            ].map(TextSanitizer.sanitize)
        }
        return AlignedTable.text([header] + rows)
    }

    static func number(_ value: Double?, digits: Int) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)f", value)
    }

    /// Seconds below 1 s as milliseconds, so short latencies stay readable.
    static func seconds(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 1 ? String(format: "%.0fms", value * 1000) : String(format: "%.2fs", value)
    }
}
