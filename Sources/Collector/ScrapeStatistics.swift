import Synchronization

/// Counts kept by the scrape source: polls per target and intervals missed because a poll overran.
/// Updated from the HTTP client's threads as polls finish; read from anywhere.
public final class ScrapeStatistics: Sendable {
    private struct Counts {
        var polls: [String: Int] = [:]
        var missedIntervals = 0
        var pagesReadByLayout = 0
        var pagesParsed = 0
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// Polls finished per target name.
    public var polls: [String: Int] { counts.withLock { $0.polls } }
    /// Intervals a healthy target's schedule slipped past (the poll was still running when the next
    /// one was due). A backing-off target is not counted: waiting is its schedule.
    public var missedIntervals: Int { counts.withLock { $0.missedIntervals } }
    /// Metrics pages read by their values alone through the target's `ScrapePlan`.
    public var pagesReadByLayout: Int { counts.withLock { $0.pagesReadByLayout } }
    /// Metrics pages parsed in full (first polls, layout changes, pages that cannot be read by layout).
    public var pagesParsed: Int { counts.withLock { $0.pagesParsed } }
    public var totalPolls: Int { counts.withLock { $0.polls.values.reduce(0, +) } }

    func recordPoll(_ target: String, missed: Int, readByLayout: Bool?) {
        counts.withLock { counts in
            counts.polls[target, default: 0] += 1
            counts.missedIntervals += missed
            switch readByLayout {
            case true?: counts.pagesReadByLayout += 1
            case false?: counts.pagesParsed += 1
            case nil: break
            }
        }
    }
}
