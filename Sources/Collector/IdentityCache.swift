import Foundation
import Vocabulary

/// When a target's identity endpoints (`/v1/models`, `/version`, TGI `/info`, llama.cpp `/props`, …)
/// are fetched again, and their last answers in between.
///
/// The served model and version change on a deploy, not from one poll to the next, so asking for
/// them on every poll would double a vLLM poll's requests for nothing. They are fetched on the
/// first poll, once `interval` has passed, after any health change (a deploy usually restarts the
/// server: down, then up) and after the server's `process_start_time_seconds` changed (a restart
/// too quick to be seen as down). An answer that fails keeps the previous body of that endpoint.
struct IdentityCache {
    /// Time between two fetches while nothing else calls for one.
    let interval: Duration
    private var bodies: [String: Data] = [:]
    private var fetchedAt: ContinuousClock.Instant?
    private var lastHealth: Health?
    private var lastProcessStart: Double?
    private var isStale = true
    /// The identity the latest poll reported.
    private(set) var identity: ServedIdentity?

    /// `interval` in seconds.
    init(interval: Double) {
        self.interval = .seconds(interval)
    }

    /// The bodies a poll at `now` should use instead of fetching, or nil when it should fetch.
    func cached(at now: ContinuousClock.Instant) -> [String: Data]? {
        guard !isStale, let fetchedAt, now - fetchedAt < interval else { return nil }
        return bodies
    }

    /// Takes in a poll's observation; `fetched` says whether it asked the identity endpoints.
    mutating func record(_ observation: TargetObservation, fetched: Bool, at now: ContinuousClock.Instant) {
        if fetched {
            bodies.merge(observation.info) { _, new in new }
            fetchedAt = now
            isStale = false
        }
        if let previous = lastHealth, previous != observation.health { isStale = true }
        if let start = observation.processStartTime {
            if let previous = lastProcessStart, previous != start { isStale = true }
            lastProcessStart = start
        }
        lastHealth = observation.health
        identity = observation.identity
    }
}
