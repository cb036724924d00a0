/// The range of `rate(…[w])` in llmdeck's queries: long enough to always hold several scrapes.
///
/// At least four scrape intervals (Prometheus needs two samples in the window, and a scrape may be late
/// or missed), and at least one scrape interval more than the querying interval, so consecutive ticks
/// never skip a sample; Grafana's `$__rate_interval` follows the same rule.
public struct RangeWindow: Sendable, Equatable, CustomStringConvertible {
    /// Whole seconds.
    public let seconds: Int

    /// - Parameters:
    ///   - scrapeInterval: seconds between Prometheus' scrapes of the servers; a value that is not a
    ///     positive number counts as Prometheus' default of 60 s.
    ///   - queryInterval: seconds between llmdeck's ticks (0 when unknown).
    public init(scrapeInterval: Double, queryInterval: Double = 0) {
        let scrape = scrapeInterval > 0 && scrapeInterval.isFinite ? min(scrapeInterval, 86_400) : 60
        let query = queryInterval > 0 && queryInterval.isFinite ? min(queryInterval, 86_400) : 0
        seconds = Int(max(4 * scrape, scrape + query, 1).rounded(.up))
    }

    /// A PromQL duration in the largest unit that divides it: `20s`, `1m`, `2h`.
    public var promql: String {
        if seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    public var description: String { promql }
}
