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

    static let baseErrorRate = 0.01
    /// Share of experiment requests whose user leaves a thumbs up or down.
    static let feedbackShare = 0.25
    /// KV-cache tokens of a server carrying only its own traffic.
    static let kvCacheTokens = 65_536.0

    let identity: ServerIdentity
    /// Mean arrivals per simulated second: the server's own traffic plus its experiments'.
    let arrivalRate: Double
    /// Mean arrivals per simulated second that belong to no experiment.
    let baseRate: Double
    /// The experiments this server serves (vLLM servers only), in plan order.
    let experiments: [ExperimentPlan]
    /// Per experiment, the cumulative split (upper edge of each variant's share), for drawing a variant.
    private let cumulativeSplits: [[Double]]
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

    /// - Parameter experiments: the plans this server serves; ignored unless it is a vLLM server.
    init(
        identity: ServerIdentity,
        seed: UInt64,
        requestsPerSecond: Double,
        experiments: [ExperimentPlan] = [],
        steps: [Scenario.Step],
        startUnix: Double
    ) {
        self.identity = identity
        self.startUnix = startUnix
        self.experiments = identity.kind == .vllm ? experiments : []
        cumulativeSplits = self.experiments.map { plan in
            var edge = 0.0
            return plan.split.map { share in
                edge += share
                return edge
            }
        }
        baseRate = requestsPerSecond * identity.trafficShare
        arrivalRate = baseRate + self.experiments.reduce(0) { $0 + $1.requestsPerSecond }
        random = SeededGenerator(seed: seed, stream: UInt64(identity.index) + 1)
        nextArrival = arrivalRate > 0 ? random.exponential(rate: arrivalRate) : .infinity
        pendingSteps = steps.sorted { $0.offset < $1.offset }
        releases = [Release(label: identity.initialRelease, latencyFactor: 1, errorRate: Self.baseErrorRate)]
        metrics = ServerMetrics(createdUnix: startUnix, experiments: self.experiments)
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
        let assigned = assignExperiment(arrival: arrival)
        let variant = assigned.map { experiments[$0.experiment].variants[$0.variant] }
        let latencyFactor = release.latencyFactor * (variant?.latencyFactor ?? 1)
        let maxPrompt = identity.kind == .tgi ? ServerMetrics.tgiMaxInputTokens : ServerMetrics.maxModelLength / 2
        let prompt = Int(random.lognormal(median: 550 * promptFactor, sigma: 0.6)).clamped(1, maxPrompt)
        let maxTokens = 1024
        let wanted = Int(random.lognormal(median: 190, sigma: 0.6))
        var generated = wanted.clamped(1, maxTokens)
        var reason: SimulatedRequest.FinishReason = wanted >= maxTokens ? .length : .stop
        let queue = random.exponential(rate: 1 / 0.04)
        let prefill =
            (0.025 + Double(prompt) * 0.000_12) * latencyFactor * random.lognormal(median: 1, sigma: 0.25)
        let timePerToken = 0.018 * latencyFactor * random.lognormal(median: 1, sigma: 0.15)
        let failureDraw = random.unit()
        let cutDraw = random.unit()
        let errorDraw = random.unit()
        let cacheDraw = random.unit()
        let errorRate = min(currentErrorRate, 1)
        var tgiError = ""
        if failureDraw < errorRate {
            reason = cutDraw < 0.7 ? .error : .abort
            generated = max(1, Int(Double(generated) * cutDraw))
            let burst = errorBurst != nil
            tgiError = burst || errorDraw < 0.6 ? "generation" : (errorDraw < 0.85 ? "overloaded" : "validation")
        }
        var experimentDraw: SimulatedRequest.ExperimentDraw?
        if let assigned {
            experimentDraw = judge(assigned.experiment, assigned.variant, served: reason.isSuccess)
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
            experiment: experimentDraw,
            cachedTokens: Int(Double(prompt) * 0.6 * cacheDraw)
        )
    }

    /// Picks the experiment (in proportion to the rates) and variant (by the plan's weights) of a new
    /// request; nil for the server's own traffic and for an experiment that has not started yet. Takes no
    /// draw on a server without experiments.
    private mutating func assignExperiment(arrival: Double) -> (experiment: Int, variant: Int)? {
        guard !experiments.isEmpty else { return nil }
        var pick = random.unit() * arrivalRate - baseRate
        let variantDraw = random.unit()
        guard pick >= 0 else { return nil }
        var chosen: Int?
        for (index, plan) in experiments.enumerated() {
            if pick < plan.requestsPerSecond {
                chosen = index
                break
            }
            pick -= plan.requestsPerSecond
        }
        // Rounding can leave the pick just past the last rate: that arrival is the server's own.
        guard let chosen, arrival >= experiments[chosen].startSeconds else { return nil }
        let edges = cumulativeSplits[chosen]
        // The first edge above the draw; a zero-weight variant shares its edge with an earlier one and is
        // never picked. Rounding can leave the last edge just under 1: then the last variant with weight.
        let variant = edges.firstIndex { variantDraw < $0 } ?? edges.firstIndex { $0 >= (edges.last ?? 0) } ?? 0
        return (chosen, variant)
    }

    /// How the application judges an experiment request the server answered (`served`) or failed: success
    /// with the variant's true probability, feedback from a quarter of users (mostly positive after a
    /// success), a quality score around 0.78 after a success and 0.35 after a failure.
    private mutating func judge(_ experiment: Int, _ variant: Int, served: Bool) -> SimulatedRequest.ExperimentDraw {
        let probability = experiments[experiment].variants[variant].successProbability
        let verdictDraw = random.unit()
        let feedbackDraw = random.unit()
        let thumbDraw = random.unit()
        let noise = random.normal()
        let isSuccess = served && verdictDraw < probability
        let score = isSuccess ? 0.78 + 0.1 * noise : 0.35 + 0.15 * noise
        return SimulatedRequest.ExperimentDraw(
            experiment: experiment,
            variant: variant,
            isSuccess: isSuccess,
            feedback: feedbackDraw < Self.feedbackShare ? thumbDraw < (isSuccess ? 0.85 : 0.2) : nil,
            score: min(max(score, 0), 1)
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

    /// Fraction of the KV cache held by running requests (prompt plus tokens generated so far). The cache is
    /// 64 Ki tokens, scaled by the server's total over its own traffic: a replica that also carries experiment
    /// traffic is provisioned for it, so its usage looks like any other server's.
    var kvCacheUsage: Double {
        var tokens = 0.0
        for request in inFlight where request.inferenceStart <= now && request.finish > now {
            let decoding = max(now - request.inferenceStart - request.prefill, 0)
            let produced = min(decoding / max(request.timePerToken, 1e-6), Double(request.generationTokens))
            tokens += Double(request.promptTokens) + produced
        }
        let scale = baseRate > 0 ? max(arrivalRate / baseRate, 1) : 1
        return min(tokens / (Self.kvCacheTokens * scale), 1)
    }
}

extension Int {
    func clamped(_ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(self, low), high) }
}
