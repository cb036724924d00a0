import Config
import Exposition

/// One target's polling loop, driven by the HTTP client's timers: the poll starts on the client
/// thread that owns the target's connections, its answers are read there, the observation is
/// delivered and the next poll is scheduled, all without a task switch.
///
/// Confined: its state is touched only by the timer work it schedules and by the completion of the
/// poll that work starts; a poll schedules the next one only when it has finished, so they run one
/// after the other (on one thread, ordered by the client's locks).
final class TargetPoller: @unchecked Sendable {
    let target: ScrapeTarget
    let scraper: TargetScraper
    let state: PollingState
    let statistics: ScrapeStatistics
    let deliver: @Sendable (TargetObservation) -> Void
    private var schedule: ScrapeSchedule
    private var kind: ServerKind?
    private var plan: ScrapePlan?
    private var identity: IdentityCache
    private var due: ContinuousClock.Instant

    init(
        _ target: ScrapeTarget,
        source: ScrapeSource,
        state: PollingState,
        deliver: @escaping @Sendable (TargetObservation) -> Void
    ) {
        self.target = target
        scraper = source.scraper
        self.state = state
        statistics = source.statistics
        self.deliver = deliver
        schedule = ScrapeSchedule(interval: target.interval, jitter: source.jitter, backoffCap: source.backoffCap)
        kind = target.kind
        identity = IdentityCache(interval: source.identityInterval)
        due = .now
    }

    /// Schedules the first poll at a random point of the first interval, so a large fleet is spread
    /// over the interval instead of polled in one burst.
    func start() {
        due = .now + .seconds(Double.random(in: 0..<max(target.interval, 0.001)))
        arm()
    }

    private func arm() {
        scraper.client.schedule(after: max(.zero, due - .now), near: target.metricsURL) { [self] in poll() }
    }

    private func poll() {
        guard state.begin() else { return }
        let cachedInfo = identity.cached(at: .now)
        scraper.scrape(
            target,
            knownKind: kind,
            cachedInfo: cachedInfo,
            knownIdentity: identity.identity,
            plan: plan
        ) { [self] observation in
            finish(observation, fetchedInfo: cachedInfo == nil)
        }
    }

    private func finish(_ observation: TargetObservation, fetchedInfo: Bool) {
        plan = observation.plan
        var delivered = observation
        if delivered.raw != nil {
            // Raw values and canonical samples carry all the collector stores; a full parse's
            // families would only wait in the queue to the store (at start, for every target).
            delivered.index = FamilyIndex([])
        }
        let now = ContinuousClock.now
        identity.record(observation, fetched: fetchedInfo, at: now)
        kind = observation.kind ?? kind
        deliver(delivered)
        let delay = schedule.delay(after: observation.health, random: Double.random(in: -1...1))
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
        statistics.recordPoll(target.name, missed: missed, readByLayout: observation.readByLayout)
        if state.finish() { arm() }
    }
}
