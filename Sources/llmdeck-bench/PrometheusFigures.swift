import Foundation
import HTTP
import PrometheusSource

/// What `llmdeck-bench prometheus` measured, and how it prints.
struct PrometheusFigures: Sendable {
    struct Tick: Sendable {
        var seconds: Double
        /// CPU of the bench process (the source's decoding and reading) during the tick.
        var cpuSeconds: Double
        /// CPU of Prometheus meanwhile (its scrapes included).
        var prometheusCPUSeconds: Double
        var queries: Int
        var observations: Int
        var upObservations: Int
        var canonicalSamples: Int
        var problems: [String]
    }

    var waitSeconds = 0.0
    var discoverySeconds = 0.0
    var discovered = 0
    /// With `--histogram-batch`: the first tick, which reads every deployment's histograms.
    var firstTickSeconds: Double?
    var ticks: [Tick] = []
    var breakdown: [QueryFigure] = []
    /// The source's queries sent at once through `PrometheusAPI.queries`, answers decoded, nothing read:
    /// wall and the bench's CPU seconds.
    var queriesTogether: (seconds: Double, cpuSeconds: Double) = (0, 0)
    /// Shares of a core while nothing queries: Prometheus scraping, the fleet rendering its pages.
    var prometheusScrapingShare = Double.nan
    var fleetShare = Double.nan
    /// The slowest endpoint's last scrape, as Prometheus measured it.
    var scrapeSeconds = Double.nan
    /// One-minute load average before the ticks and after the breakdown.
    var loadAverages: [Double] = []
    var dashboard: (seconds: Double, queries: Int, rows: Int) = (0, 0, 0)
    var prometheusRSSMegabytes = Double.nan
    var headSeries: Int?
    var benchPeakRSSMegabytes = 0
    /// Peak after the ticks, before the breakdown's extra answers.
    var peakRSSAfterTicksMegabytes = 0

    func print(command: String, deployments: Int, endpoints: Int) {
        let out = { (line: String) in Swift.print(line) }
        out("prometheus source: \(deployments) deployments as label sets on \(endpoints) endpoints  (\(command))")
        out(
            String(
                format: "  Prometheus 2.42 (Debian)      %@ head series, RSS %.0f MB; "
                    + "rates for every deployment after %.1f s",
                headSeries.map(String.init) ?? "?",
                prometheusRSSMegabytes,
                waitSeconds
            )
        )
        out(
            String(
                format: "  scraping alone                Prometheus %.0f %% of a core, the fleet %.0f %%; "
                    + "slowest scrape %.2f s; load average %@",
                prometheusScrapingShare * 100,
                fleetShare * 100,
                scrapeSeconds,
                loadAverages.map { String(format: "%.1f", $0) }.joined(separator: " → ")
            )
        )
        out(
            String(format: "  discovery                     %.3f s, %d deployments found", discoverySeconds, discovered)
        )
        if let firstTickSeconds {
            out(String(format: "  first tick (every histogram)  %.3f s wall, not counted below", firstTickSeconds))
        }
        for (index, tick) in ticks.enumerated() {
            out(
                String(
                    format: "  tick %-2d                       %.3f s wall, CPU %.3f s in the bench, "
                        + "%.2f s in Prometheus, %d queries, %d observations (%d up, %d canonical samples)%@",
                    index + 1,
                    tick.seconds,
                    tick.cpuSeconds,
                    tick.prometheusCPUSeconds,
                    tick.queries,
                    tick.observations,
                    tick.upObservations,
                    tick.canonicalSamples,
                    tick.problems.isEmpty ? "" : "; problems: " + tick.problems.joined(separator: " | ").prefix(300)
                )
            )
        }
        let sorted = ticks.map(\.seconds).sorted()
        if let low = sorted.first, let high = sorted.last {
            out(
                String(
                    format: "  time per tick                 median %.3f s (%.3f–%.3f), goal < 1 s; "
                        + "queries per tick %@, goal ≤ 20",
                    median(sorted),
                    low,
                    high,
                    Set(ticks.map(\.queries)).sorted().map(String.init).joined(separator: " / ")
                )
            )
        }
        printBreakdown(out)
        out(
            String(
                format: "  dashboard PromQL instead (rates and quantiles in Prometheus): %d queries, %d rows, %.3f s",
                dashboard.queries,
                dashboard.rows,
                dashboard.seconds
            )
        )
        out(
            "  bench peak RSS                \(peakRSSAfterTicksMegabytes) MB after the ticks, "
                + "\(benchPeakRSSMegabytes) MB at the end"
        )
    }

    private func printBreakdown(_ out: (String) -> Void) {
        out("  where a tick goes: the source's queries one at a time, best of two (eval: Prometheus' stats=all")
        out("  evalTotalTime; HTTP: until the last byte; HTTP − eval: Prometheus writing JSON and gzip, the transfer,")
        out("  libcurl's gunzip; decode: PrometheusAPI.query − HTTP, JSON into series; client CPU: the bench's CPU")
        out("  during PrometheusAPI.query, gunzip and decoding; JSONSerialization: Foundation's parser alone on the")
        out("  same answer, for comparison)")
        out(
            "    query                                    rows   JSON MB   eval ms   HTTP ms   HTTP−eval   decode ms"
                + "   client CPU ms   JSONSerialization ms"
        )
        for query in breakdown { out(row(query)) }
        let total = breakdown.reduce(into: QueryFigure(name: "sum")) { total, query in
            total.rows += query.rows
            total.bytes += query.bytes
            total.evalSeconds = (total.evalSeconds ?? 0) + (query.evalSeconds ?? 0)
            total.httpSeconds += query.httpSeconds
            total.apiSeconds += query.apiSeconds
            total.clientCPUSeconds += query.clientCPUSeconds
            total.jsonParseSeconds += query.jsonParseSeconds
        }
        out(row(total))
        let medianCPU = median(ticks.map(\.cpuSeconds))
        out(
            String(
                format: "  the same queries at once through PrometheusAPI.queries: %.3f s wall, CPU %.3f s in the "
                    + "bench; the source's reading of the answers ≈ median tick CPU − that = %.3f s",
                queriesTogether.seconds,
                queriesTogether.cpuSeconds,
                medianCPU - queriesTogether.cpuSeconds
            )
        )
    }
}

extension PrometheusFigures {
    /// A line of the breakdown table.
    fileprivate func row(_ query: QueryFigure) -> String {
        let padding = String(repeating: " ", count: max(36 - query.name.count, 0))
        return "    " + query.name + padding
            + String(
                format: " %8d   %7.2f   %7.1f   %7.1f   %9.1f   %9.1f   %13.1f   %9.1f",
                query.rows,
                Double(query.bytes) / 1e6,
                (query.evalSeconds ?? .nan) * 1000,
                query.httpSeconds * 1000,
                (query.httpSeconds - (query.evalSeconds ?? .nan)) * 1000,
                (query.apiSeconds - query.httpSeconds) * 1000,
                query.clientCPUSeconds * 1000,
                query.jsonParseSeconds * 1000
            )
    }
}

/// One query of a tick measured alone.
struct QueryFigure: Sendable {
    var name: String
    var rows = 0
    /// JSON bytes of the answer (after gzip is undone).
    var bytes = 0
    /// Prometheus' own evaluation time (`stats=all`), nil when it did not say.
    var evalSeconds: Double?
    /// The HTTP exchange until the last byte (libcurl's total time).
    var httpSeconds = 0.0
    /// `PrometheusAPI.query`: the exchange and the decoding into series.
    var apiSeconds = 0.0
    /// The bench's CPU during `PrometheusAPI.query`.
    var clientCPUSeconds = 0.0
    /// `JSONSerialization` alone on the answer, for comparison with `PrometheusAPI`'s decoding.
    var jsonParseSeconds = 0.0
}

enum QueryBreakdown {
    /// Each query alone: twice raw with `stats=all`, then twice through `PrometheusAPI`; the faster of each.
    static func measure(
        _ queries: [(name: String, promql: String)],
        api: PrometheusAPI,
        client: HTTPClient
    ) async throws -> [QueryFigure] {
        var figures: [QueryFigure] = []
        for (name, promql) in queries {
            var figure = QueryFigure(name: name)
            let form = "query=" + escape(promql) + "&stats=all&timeout=30"
            let request = HTTPRequest(
                url: api.baseURL + "/api/v1/query",
                method: "POST",
                headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded")],
                body: Array(form.utf8),
                timeout: 31,
                maxResponseBytes: api.maxResponseBytes
            )
            figure.httpSeconds = .infinity
            figure.apiSeconds = .infinity
            figure.clientCPUSeconds = .infinity
            for _ in 0..<2 {
                let response = try await client.send(request).get()
                guard response.duration < figure.httpSeconds else { continue }
                figure.bytes = response.body.count
                figure.httpSeconds = response.duration
                let parseStart = ContinuousClock.now
                let parsed = try? JSONSerialization.jsonObject(with: Data(response.body))
                figure.jsonParseSeconds = PrometheusBench.seconds(since: parseStart)
                if let json = parsed as? [String: Any], let data = json["data"] as? [String: Any] {
                    figure.rows = (data["result"] as? [Any])?.count ?? 0
                    let timings = (data["stats"] as? [String: Any])?["timings"] as? [String: Any]
                    figure.evalSeconds = (timings?["evalTotalTime"] as? NSNumber)?.doubleValue
                }
            }
            for _ in 0..<2 {
                let started = ContinuousClock.now
                let cpu = CollectorBench.cpuSeconds()
                _ = try await api.query(promql)
                figure.clientCPUSeconds = min(figure.clientCPUSeconds, CollectorBench.cpuSeconds() - cpu)
                figure.apiSeconds = min(figure.apiSeconds, PrometheusBench.seconds(since: started))
            }
            figures.append(figure)
        }
        return figures
    }

    /// Form encoding: letters and digits kept, every other UTF-8 byte as `%XX`.
    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
