import ArgumentParser
import Config
import PrometheusSource

/// `llmdeck promql`: the PromQL a Prometheus source sends each tick, and the matching dashboard queries.
struct PromQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "Print the PromQL llmdeck sends to a Prometheus source, and the same figures for a dashboard.",
        discussion: """
            With the configuration's labels and discover filter (its first Prometheus source, or --source \
            NAME; the defaults when it has none). The ingest queries are what every tick sends: cumulative \
            sums per deployment, which llmdeck turns into increments in its store. --dashboard prints, per \
            server kind, the rate and histogram_quantile queries of the same figures, to paste into Grafana.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The Prometheus source, by name (default: the first).")
    var source: String?

    @Flag(help: "Print the dashboard queries (rates, ratios, quantiles) per server kind instead.")
    var dashboard = false

    func run() throws {
        let config = try global.loadConfiguration()
        let sources = config.sources.prometheus
        let chosen: PrometheusSourceConfig
        if let source {
            guard let found = sources.first(where: { $0.name == source }) else {
                let names = sources.map(\.name).joined(separator: ", ")
                throw ValidationError("no Prometheus source named \(source); the configuration has: \(names)")
            }
            chosen = found
        } else {
            chosen = sources.first ?? PrometheusSourceConfig(name: "default", url: "http://localhost:9090")
        }
        let vocabulary: PromQLVocabulary
        do {
            vocabulary = try PromQLVocabulary(source: chosen, experiments: config.experiments)
        } catch {
            throw ValidationError(error.message)
        }
        print(dashboard ? Self.dashboard(vocabulary) : Self.ingest(vocabulary, discover: chosen.discover))
    }

    /// `# subject` then the query, one pair per query of a tick.
    static func ingest(_ vocabulary: PromQLVocabulary, discover: String) -> String {
        var lines: [String] = []
        for query in vocabulary.ingestQueries(kinds: ServerKind.allCases, presence: discover) {
            lines += ["# \(query.subject.name)", query.promql, ""]
        }
        lines += ["# kinds (at start, every 20 ticks and when a deployment appears)", vocabulary.kindQuery()]
        return lines.joined(separator: "\n")
    }

    /// Per kind, `# kind figure (unit)` then the query.
    static func dashboard(_ vocabulary: PromQLVocabulary) -> String {
        var lines: [String] = []
        for kind in ServerKind.allCases {
            for figure in FleetFigure.allCases {
                guard let query = vocabulary.query(figure, kind: kind) else { continue }
                lines += ["# \(kind.rawValue) \(figure.rawValue) (\(figure.unit))", query, ""]
            }
        }
        return lines.joined(separator: "\n")
    }
}
