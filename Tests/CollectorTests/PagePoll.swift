import Config
import HTTP

@testable import Collector

/// Polls without a network: a fixture page answered as a server's `/metrics`.
enum PagePoll {
    /// One successful poll of `page` (no health endpoint asked, identity endpoints not read) as the
    /// collector reads it (`TargetScraper.observation`): through `plan`, the previous poll's, while
    /// the page still fits it, else parsed in full; the observation's `plan` is for the next poll.
    static func observation(
        of page: [UInt8],
        target: String,
        kind: ServerKind,
        timestamp: Int64,
        plan: ScrapePlan?
    ) throws -> TargetObservation {
        var observation = TargetScraper.observation(
            of: try ScrapeTarget(name: target, url: "http://" + target, kind: kind),
            kind: kind,
            answers: ["metrics": .success(HTTPResponse(status: 200, headers: [], body: page, duration: 0))],
            plan: plan,
            maxResponseBytes: Int.max
        )
        observation.timestamp = timestamp
        return observation
    }
}
