import Config
import Foundation
import HTTP
import Store

/// The collector as every command runs it: one HTTP client sized for polling `targets`
/// (`HTTPClient.forPolling`), one `ScrapeSource` over them, one `PrometheusFleetSource` per
/// Prometheus source of the config, and a `Collector` writing what they observe to the store.
///
/// `llmdeck collect`, the console (and `llmdeck demo` through it), the collector bench and the
/// collector tests all assemble it here, so they poll and write the same way. Run it in a task;
/// cancelling the task stops it.
public final class PollingCollector: Sendable {
    /// A note when the open-file limit could not be raised to what the connections need (polls that
    /// cannot connect show as down); nil when it is enough.
    public let fileLimitNote: String?
    let client: HTTPClient
    let source: ScrapeSource
    let collector: Collector

    /// `maxResponseBytes` caps each answer (bigger ones are `bad_payload`); `backoffCap` is the
    /// longest wait, in seconds, between polls of a failing target; `log` receives health changes,
    /// deploys and store errors, one line each, never a token. `prometheus` sources read their bearer
    /// token from the variable their `token_env` names in `environment`; a deployment of `targets`
    /// they discover too is read from its direct scrape only (with a log line).
    public init(
        targets: [ScrapeTarget],
        prometheus: [PrometheusSourceConfig] = [],
        experiments: ExperimentsConfig = ExperimentsConfig(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        store: Store,
        options: Collector.Options = Collector.Options(),
        maxResponseBytes: Int = 16 << 20,
        backoffCap: Double = 60,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        (client, fileLimitNote) = HTTPClient.forPolling(targets: targets.count + prometheus.count)
        source = ScrapeSource(
            targets: targets,
            scraper: TargetScraper(client: client, maxResponseBytes: maxResponseBytes),
            backoffCap: backoffCap
        )
        let direct = Set(targets.map(\.name))
        var fleets: [PrometheusFleetSource] = []
        for config in prometheus {
            do {
                fleets.append(
                    try PrometheusFleetSource(
                        config: config,
                        experiments: experiments,
                        client: client,
                        bearerToken: config.tokenEnv.flatMap { environment[$0] },
                        excluding: direct,
                        log: log
                    )
                )
            } catch {
                log("prometheus \(config.name): not read: \(error)")
            }
        }
        collector = Collector(store: store, sources: [source] + fleets, options: options, log: log)
    }

    /// Polls and writes until the calling task is cancelled, then writes what is pending, shuts the
    /// HTTP client down and returns.
    public func run() async {
        await collector.run()
        client.shutdown()
    }

    /// Polls, missed intervals and pages read by layout, per target, as they happen.
    public var statistics: ScrapeStatistics { source.statistics }

    /// Store batches written so far.
    public var batchesWritten: Int {
        get async { await collector.batchesWritten }
    }
}
