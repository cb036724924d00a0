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

    public func run(deliver: @escaping @Sendable (TargetObservation) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for target in scrapeTargets {
                group.addTask { await self.poll(target, deliver: deliver) }
            }
        }
    }

    /// One target's loop. The first poll starts at a random point of the first interval, so a large
    /// fleet is spread over the interval instead of polled in one burst.
    func poll(_ target: ScrapeTarget, deliver: @escaping @Sendable (TargetObservation) async -> Void) async {
        let clock = ContinuousClock()
        var schedule = ScrapeSchedule(interval: target.interval, jitter: jitter, backoffCap: backoffCap)
        var kind = target.kind
        var plan: ScrapePlan?
        var identity = IdentityCache(interval: identityInterval)
        var due = clock.now + .seconds(Double.random(in: 0..<max(target.interval, 0.001)))
        while !Task.isCancelled {
            do { try await clock.sleep(until: due) } catch { return }
            let cachedInfo = identity.cached(at: clock.now)
            let observation = await scraper.scrape(
                target,
                knownKind: kind,
                cachedInfo: cachedInfo,
                knownIdentity: identity.identity,
                plan: plan
            )
            plan = observation.plan
            var delivered = observation
            if delivered.raw != nil {
                // Raw values and canonical samples carry all the collector stores; a full parse's
                // families would only wait in the queue to the store (at start, for every target).
                delivered.index = FamilyIndex([])
            }
            identity.record(observation, fetched: cachedInfo == nil, at: clock.now)
            kind = observation.kind ?? kind
            await deliver(delivered)
            let delay = schedule.delay(after: observation.health, random: Double.random(in: -1...1))
            let now = clock.now
            var missed = 0
            if observation.health.isFailure {
                due = now + .seconds(delay)
            } else {
                due += .seconds(delay)
                if due < now {
                    let late = (now - due) / .seconds(target.interval)
                    missed = Int(late.rounded(.down)) + 1
                    due = now
                }
            }
            await statistics.recordPoll(target.name, missed: missed, readByLayout: observation.readByLayout)
        }
    }
}
