/// How big the fake fleet is, where it listens, and how its traffic and scenario run.
public struct SimulatorOptions: Sendable {
    /// Number of fake servers.
    public var count: Int
    /// Server kinds, cycled over the servers in order.
    public var kinds: [SimulatedKind]
    /// Listening address; loopback by default so nothing is exposed.
    public var host: String
    /// First port; servers take consecutive ports from it. 0 asks the kernel for ephemeral ports.
    public var basePort: Int
    /// Seed of every random stream: the same seed gives the same requests at the same simulated times.
    public var seed: UInt64
    /// Seconds of wall-clock time after which `llmdeck sim` stops; nil runs until a signal.
    public var duration: Double?
    /// Mean request arrivals per second on a production server (canary and staging get less).
    public var requestsPerSecond: Double
    /// Timed steps (bad deploy, drift, error burst) applied at simulated offsets.
    public var scenario: Scenario
    /// Simulated seconds per wall-clock second (1 = real time; larger fast-forwards traffic and scenario).
    public var timeScale: Double
    /// Prompt experiments the vLLM servers export (`ExperimentPlan.standard` by default; empty for none).
    public var experiments: [ExperimentPlan]

    public init(
        count: Int = 6,
        kinds: [SimulatedKind] = [.vllm, .tgi, .llamacpp],
        host: String = "127.0.0.1",
        basePort: Int = 0,
        seed: UInt64 = 42,
        duration: Double? = nil,
        requestsPerSecond: Double = 5,
        scenario: Scenario = .demo,
        timeScale: Double = 1,
        experiments: [ExperimentPlan] = ExperimentPlan.standard
    ) {
        self.count = count
        self.kinds = kinds
        self.host = host
        self.basePort = basePort
        self.seed = seed
        self.duration = duration
        self.requestsPerSecond = requestsPerSecond
        self.scenario = scenario
        self.timeScale = timeScale
        self.experiments = experiments
    }

    /// Checks the options before anything listens; the error says which option to fix.
    public func validated() throws(SimulatorError) -> SimulatorOptions {
        if count < 1 || count > 10_000 {
            throw SimulatorError(kind: .invalidOption, message: "--count must be between 1 and 10000, got \(count)")
        }
        if kinds.isEmpty {
            throw SimulatorError(kind: .invalidOption, message: "at least one server kind is needed")
        }
        try Self.checkListening(basePort: basePort, count: count, countOption: "--count")
        try Self.checkTraffic(requestsPerSecond: requestsPerSecond, timeScale: timeScale)
        if let duration, !(duration > 0) || !duration.isFinite {
            throw SimulatorError(kind: .invalidOption, message: "--duration must be a positive number of seconds")
        }
        for (index, plan) in experiments.enumerated() {
            do {
                _ = try plan.validated()
            } catch {
                throw SimulatorError(kind: .invalidOption, message: error.description)
            }
            if experiments[..<index].contains(where: { $0.name == plan.name }) {
                throw SimulatorError(kind: .invalidOption, message: "two experiments are named \"\(plan.name)\"")
            }
        }
        return self
    }
}

extension SimulatorOptions {
    /// `count` consecutive ports from `basePort` (0: ephemeral) stay in 1024…65535.
    static func checkListening(basePort: Int, count: Int, countOption: String) throws(SimulatorError) {
        if basePort < 0 || basePort + count - 1 > 65_535 || (basePort > 0 && basePort < 1024) {
            throw SimulatorError(
                kind: .invalidOption,
                message: "--base-port \(basePort) with \(countOption) \(count) leaves the port range 1024…65535; "
                    + "pick a lower base port, or 0 for ephemeral ports"
            )
        }
    }

    /// A request rate of 0…10000 per second and a positive time scale.
    static func checkTraffic(requestsPerSecond: Double, timeScale: Double) throws(SimulatorError) {
        if !(requestsPerSecond >= 0) || !requestsPerSecond.isFinite || requestsPerSecond > 10_000 {
            throw SimulatorError(
                kind: .invalidOption,
                message: "--rate must be between 0 and 10000 requests per second, got \(requestsPerSecond)"
            )
        }
        if !(timeScale > 0) || !timeScale.isFinite {
            throw SimulatorError(kind: .invalidOption, message: "time scale must be a positive number")
        }
    }
}
