import Config
import Exposition
import Store

/// Polls model servers directly: one schedule per target, all requests through one shared
/// `HTTPClient`, so a slow or broken target only ever delays itself.
public final class ScrapeSource: MetricSource {
    public let scrapeTargets: [ScrapeTarget]
    let scraper: TargetScraper
    let backoffCap: Double
    let jitter: Double
    let identityInterval: Double
    public let statistics = ScrapeStatistics()

    /// `backoffCap` in seconds; `jitter` as a fraction of the interval; `identityInterval`: seconds
    /// between fetches of the identity endpoints while health and process start stay the same
    /// (see `IdentityCache`).
    public init(
        targets: [ScrapeTarget],
        scraper: TargetScraper,
        backoffCap: Double = 60,
        jitter: Double = 0.1,
        identityInterval: Double = 60
    ) {
        scrapeTargets = targets
        self.scraper = scraper
        self.backoffCap = backoffCap
        self.jitter = jitter
        self.identityInterval = identityInterval
    }

    public var targets: [TargetRecord] {
        scrapeTargets.map {
            TargetRecord(
                name: $0.name,
                url: $0.baseURL,
                kind: $0.kind?.rawValue ?? "unknown",
                environment: $0.environment
            )
        }
    }

    /// Polls every target until the calling task is cancelled; returns once the polls running then
    /// have delivered. Each target's polls are scheduled by the HTTP client's timers and read on its
    /// threads (`TargetPoller`), so a thousand targets cost no task switch per poll.
    public func run(deliver: @escaping @Sendable (TargetObservation) -> Void) async {
        let state = PollingState()
        for target in scrapeTargets {
            TargetPoller(target, source: self, state: state, deliver: deliver).start()
        }
        await withTaskCancellationHandler {
            await state.waitUntilStopped()
        } onCancel: {
            state.stop()
        }
    }
}
