import Foundation

/// One deployment of a label-set fleet: a vLLM server reduced to the figures llmdeck reads, whose
/// counters advance by arithmetic instead of generated requests, so thousands of them fit on one page.
///
/// Finished requests arrive at the deployment's rate with Poisson-like noise (normal approximation);
/// a histogram bucket holds `requests × CDF(bound)` of a lognormal latency, rounded to a whole number,
/// so every bucket, `_count` and `_sum` only grows and cumulative buckets stay ordered.
struct LabelSetDeployment: Sendable {
    /// Shares of `SimulatedRequest.FinishReason.allCases`' reasons other than `stop` and `error`.
    static let lengthShare = 0.08
    static let abortShare = 0.004
    static let repetitionShare = 0.002
    /// Seconds a request waits in the queue on average: the `waiting` gauge follows Little's law.
    static let meanQueueSeconds = 0.04

    /// `dep-00001`: 1-based, at least five digits.
    let name: String
    let environment: String
    let model: String
    /// Finished requests per simulated second.
    let rate: Double
    /// Cumulative share of requests at or below each finite bound of vLLM's latency buckets.
    let endToEndShares: [Double]
    let endToEndMean: Double
    let firstTokenShares: [Double]
    let firstTokenMean: Double
    /// Per `FinishReason.allCases`, the share of requests that finish so.
    let reasonShares: [Double]
    let promptTokensPerRequest: Double
    let generationTokensPerRequest: Double

    /// Finished requests so far.
    private(set) var requests = 0.0
    private(set) var running = 0.0
    private(set) var waiting = 0.0
    private var random: SeededGenerator

    /// The `index`-th deployment (0-based) of a fleet of `count`, its traffic drawn from `seed`.
    init(index: Int, count: Int, seed: UInt64, requestsPerSecond: Double) {
        var random = SeededGenerator(seed: seed, stream: UInt64(index) + 1)
        name = Self.name(index: index, count: count)
        environment = ServerIdentity.environmentCycle[index % ServerIdentity.environmentCycle.count]
        let modelIndex = index % ServerIdentity.models.count
        model = ServerIdentity.models[modelIndex]
        let share = ServerIdentity.trafficShare(of: environment)
        rate = requestsPerSecond * share * random.lognormal(median: 1, sigma: 0.3)
        // The 70B model and Mixtral answer slower than the small ones.
        let slower: [Int: Double] = [3: 2.5, 7: 1.8]
        let size = slower[modelIndex] ?? 1
        let endToEnd = (median: 1.6 * size * random.lognormal(median: 1, sigma: 0.35), sigma: 0.6)
        let firstToken = (median: 0.12 * size * random.lognormal(median: 1, sigma: 0.3), sigma: 0.9)
        endToEndShares = ServingBuckets.vllmRequestLatency.map {
            Self.lognormalShare(atMost: $0, median: endToEnd.median, sigma: endToEnd.sigma)
        }
        endToEndMean = endToEnd.median * exp(endToEnd.sigma * endToEnd.sigma / 2)
        firstTokenShares = ServingBuckets.vllmTimeToFirstToken.map {
            Self.lognormalShare(atMost: $0, median: firstToken.median, sigma: firstToken.sigma)
        }
        firstTokenMean = firstToken.median * exp(firstToken.sigma * firstToken.sigma / 2)
        // One deployment in fifty fails often enough to stand out.
        let errorShare = index % 50 == 7 ? 0.06 : ServerModel.baseErrorRate
        reasonShares = SimulatedRequest.FinishReason.allCases.map { reason in
            switch reason {
            case .stop: 1 - Self.lengthShare - Self.abortShare - errorShare - Self.repetitionShare
            case .length: Self.lengthShare
            case .abort: Self.abortShare
            case .error: errorShare
            case .repetition: Self.repetitionShare
            }
        }
        promptTokensPerRequest = 550 * random.lognormal(median: 1, sigma: 0.3) * exp(0.18)
        generationTokensPerRequest = 190 * random.lognormal(median: 1, sigma: 0.3) * exp(0.18)
        self.random = random
    }

    static func name(index: Int, count: Int) -> String {
        let digits = String(index + 1)
        let width = max(5, String(count).count)
        return "dep-" + String(repeating: "0", count: max(width - digits.count, 0)) + digits
    }

    /// Adds the requests finished in `seconds` of simulated time and redraws the gauges.
    mutating func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        let expected = rate * seconds
        requests += max((expected + expected.squareRoot() * random.normal()).rounded(), 0)
        let busy = rate * endToEndMean
        running = max((busy + busy.squareRoot() * random.normal()).rounded(), 0)
        let queued = rate * Self.meanQueueSeconds
        waiting = max((queued + queued.squareRoot() * random.normal()).rounded(), 0)
    }

    /// KV-cache use: the running requests' prompts and half their output, of the server's cache.
    var kvCacheUsage: Double {
        min(running * (promptTokensPerRequest + generationTokensPerRequest / 2) / ServerModel.kvCacheTokens, 1)
    }

    /// Requests counted in a bucket whose cumulative share is `share` (or with a finish reason of that
    /// share): the nearest whole number, which grows with `requests` and with `share`.
    func requests(withShare share: Double) -> Double {
        (requests * share).rounded()
    }

    /// P(X ≤ bound) for a lognormal X.
    static func lognormalShare(atMost bound: Double, median: Double, sigma: Double) -> Double {
        min(max(0.5 * erfc(-log(bound / median) / (sigma * 2.0.squareRoot())), 0), 1)
    }
}
