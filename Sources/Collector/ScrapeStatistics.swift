/// Counts kept by the scrape source: polls per target and intervals missed because a poll overran.
public actor ScrapeStatistics {
    public private(set) var polls: [String: Int] = [:]
    /// Intervals a healthy target's schedule slipped past (the poll was still running when the next
    /// one was due). A backing-off target is not counted: waiting is its schedule.
    public private(set) var missedIntervals = 0

    public init() {}

    func recordPoll(_ target: String, missed: Int) {
        polls[target, default: 0] += 1
        missedIntervals += missed
    }

    public var totalPolls: Int { polls.values.reduce(0, +) }
}
