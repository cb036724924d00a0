import Foundation

/// The simulated state of one server, advanced lazily: reading it at time t first generates every request
/// that arrived since the last read, so an idle fleet costs nothing.
///
/// Arrivals are a Poisson process from a seeded stream, and scenario steps apply exactly at their offsets,
/// so the same seed and the same read times give the same counters.
struct ServerModel: Sendable {
    /// A failure mode that answers differently from a healthy server.
    enum Fault: Sendable, Equatable {
        case none
        case down(until: Double?)
        case hang
        case html
        case huge(bytes: Int)
    }

    /// What the host must do after a command.
    enum Effect: Sendable, Equatable {
        case none
        case closeListener(seconds: Double?)
        case openListener
    }

    static let experimentName = "system-prompt"
    static let variantNames = ["control", "concise-v2"]
    static let baseErrorRate = 0.01

    let identity: ServerIdentity
    /// Mean arrivals per simulated second.
    let arrivalRate: Double
    private var random: SeededGenerator
    /// Simulated seconds since start that the state describes.
    private(set) var now: Double = 0
    private var nextArrival: Double
    private var pendingSteps: [Scenario.Step]
    private var inFlight: [SimulatedRequest] = []
    var releases: [Release]
    var deployNumber = 0
    var promptFactor = 1.0
    var errorBurst: (rate: Double, until: Double?)?
    var faultState = Fault.none
    /// The served model name set by `model_name`; nil keeps the default.
    var servedNameOverride: String?
    var metrics: ServerMetrics
    /// Unix seconds at simulated time 0.
    let startUnix: Double

    init(identity: ServerIdentity, seed: UInt64, requestsPerSecond: Double, steps: [Scenario.Step], startUnix: Double) {
        self.identity = identity
        self.startUnix = startUnix
        arrivalRate = requestsPerSecond * identity.trafficShare
        random = SeededGenerator(seed: seed, stream: UInt64(identity.index) + 1)
        nextArrival = arrivalRate > 0 ? random.exponential(rate: arrivalRate) : .infinity
        pendingSteps = steps.sorted { $0.offset < $1.offset }
        releases = [Release(label: identity.initialRelease, latencyFactor: 1, errorRate: Self.baseErrorRate)]
        metrics = ServerMetrics(createdUnix: startUnix)
    }

    var currentRelease: Release { releases[releases.count - 1] }

    /// The active fault at the current time (a timed `down` expires by itself).
    var fault: Fault {
        if case .down(let until) = faultState, let until, until <= now { return .none }
        return faultState
    }

    /// Moves the state to simulated time `time`: applies due scenario steps and accounts finished requests.
    mutating func advance(to time: Double) {
        guard time > now else { return }
        var generated = 0
        while true {
            let stepTime = pendingSteps.first?.offset ?? .infinity
            let next = min(stepTime, nextArrival)
            guard next <= time else { break }
            if stepTime <= nextArrival, let step = pendingSteps.first {
                pendingSteps.removeFirst()
                completeRequests(finishedBy: step.offset)
                now = max(now, step.offset)
                _ = try? apply(step.command, unixNow: unixTime(at: now))
                continue
            }
            inFlight.append(makeRequest(arrival: nextArrival))
            nextArrival += random.exponential(rate: arrivalRate)
            generated += 1
            if generated % 1024 == 0 {
                completeRequests(finishedBy: nextArrival)
            }
        }
        completeRequests(finishedBy: time)
        now = time
    }

    /// Unix seconds of a simulated time.
    func unixTime(at simulated: Double) -> Double { startUnix + simulated }

    private mutating func completeRequests(finishedBy time: Double) {
        guard inFlight.contains(where: { $0.finish <= time }) else { return }
        let done = inFlight.filter { $0.finish <= time }.sorted { $0.finish < $1.finish }
        inFlight.removeAll { $0.finish <= time }
        for request in done {
            let batch = inFlight.count { $0.inferenceStart <= request.arrival } + 1
            metrics.record(request, kind: identity.kind, batchSize: batch)
        }
    }

    private var currentErrorRate: Double {
        if let burst = errorBurst, burst.until.map({ nextArrival < $0 }) ?? true {
            return max(burst.rate, currentRelease.errorRate)
        }
        return currentRelease.errorRate
    }

    private mutating func makeRequest(arrival: Double) -> SimulatedRequest {
        let release = currentRelease
        let variant: Int? = identity.kind == .vllm ? (random.chance(0.5) ? 0 : 1) : nil
        let concise = variant == 1
        let maxPrompt = identity.kind == .tgi ? ServerMetrics.tgiMaxInputTokens : ServerMetrics.maxModelLength / 2
        let prompt = Int(random.lognormal(median: 550 * promptFactor, sigma: 0.6)).clamped(1, maxPrompt)
        let maxTokens = 1024
        let wanted = Int(random.lognormal(median: concise ? 150 : 190, sigma: 0.6))
        var generated = wanted.clamped(1, maxTokens)
        var reason: SimulatedRequest.FinishReason = wanted >= maxTokens ? .length : .stop
        let queue = random.exponential(rate: 1 / 0.04)
        let prefill =
            (0.025 + Double(prompt) * 0.000_12) * release.latencyFactor * random.lognormal(median: 1, sigma: 0.25)
        let timePerToken = 0.018 * release.latencyFactor * random.lognormal(median: 1, sigma: 0.15)
        let failureDraw = random.unit()
        let cutDraw = random.unit()
        let errorDraw = random.unit()
        let cacheDraw = random.unit()
        let errorRate = min(currentErrorRate + (concise ? 0.01 : 0), 1)
        var tgiError = ""
        if failureDraw < errorRate {
            reason = cutDraw < 0.7 ? .error : .abort
            generated = max(1, Int(Double(generated) * cutDraw))
            let burst = errorBurst != nil
            tgiError = burst || errorDraw < 0.6 ? "generation" : (errorDraw < 0.85 ? "overloaded" : "validation")
        }
        return SimulatedRequest(
            arrival: arrival,
            queue: tgiError == "validation" ? 0 : queue,
            prefill: tgiError == "validation" ? 0 : prefill,
            timePerToken: timePerToken,
            promptTokens: prompt,
            generationTokens: tgiError == "validation" ? 0 : generated,
            finishReason: reason,
            tgiError: tgiError,
            variant: variant,
            cachedTokens: Int(Double(prompt) * 0.6 * cacheDraw)
        )
    }

    /// Requests in the running batch and in the queue at the current time.
    var runningAndWaiting: (running: Int, waiting: Int) {
        var running = 0
        var waiting = 0
        for request in inFlight where request.arrival <= now && request.finish > now {
            if request.inferenceStart <= now { running += 1 } else { waiting += 1 }
        }
        return (running, waiting)
    }

    /// Fraction of a 64 Ki-token KV cache held by running requests (prompt plus tokens generated so far).
    var kvCacheUsage: Double {
        var tokens = 0.0
        for request in inFlight where request.inferenceStart <= now && request.finish > now {
            let decoding = max(now - request.inferenceStart - request.prefill, 0)
            let produced = min(decoding / max(request.timePerToken, 1e-6), Double(request.generationTokens))
            tokens += Double(request.promptTokens) + produced
        }
        return min(tokens / 65_536, 1)
    }
}

extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
