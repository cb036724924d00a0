/// Counts kept by the scrape source: polls per target and intervals missed because a poll overran.
public actor ScrapeStatistics {
    public private(set) var polls: [String: Int] = [:]
    /// Intervals a healthy target's schedule slipped past (the poll was still running when the next
    /// one was due). A backing-off target is not counted: waiting is its schedule.
    public private(set) var missedIntervals = 0
    /// Metrics pages read by their values alone through the target's `ScrapePlan`, and pages
    /// parsed in full (first polls, layout changes, pages that cannot be read by layout).
    public private(set) var pagesReadByLayout = 0
    public private(set) var pagesParsed = 0

    public init() {}

    func recordPoll(_ target: String, missed: Int, readByLayout: Bool?) {
        polls[target, default: 0] += 1
        missedIntervals += missed
        switch readByLayout {
        case true?: pagesReadByLayout += 1
        case false?: pagesParsed += 1
        case nil: break
        }
    }

    public var totalPolls: Int { polls.values.reduce(0, +) }
}
