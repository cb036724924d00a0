/// A timeline of behaviour changes at simulated offsets, applied exactly at their offset.
public struct Scenario: Sendable {
    /// Which server a step acts on.
    public enum Target: Sendable, Equatable {
        case index(Int)
        /// The first production server of a preferred kind not already picked by an earlier step.
        case production(prefer: [SimulatedKind])
    }

    public struct Step: Sendable {
        /// Simulated seconds since the fleet started.
        public var offset: Double
        public var target: Target
        public var command: ControlCommand

        public init(offset: Double, target: Target, command: ControlCommand) {
            self.offset = offset
            self.target = target
            self.command = command
        }
    }

    public var name: String
    public var steps: [Step]

    public init(name: String, steps: [Step]) {
        self.name = name
        self.steps = steps
    }

    /// Steady traffic, nothing happens.
    public static let none = Scenario(name: "none", steps: [])

    /// The demo: a slow deploy at 10 s, prompt-length drift at 20 s, an error burst at 30 s and a
    /// deployment going down at 40 s for two minutes, each on its own production deployment —
    /// soon enough that the slow deploy's latency alert (`for` 1m) fires about a minute and a
    /// half after start (a scenario step cannot close a listener, so the outage is the server
    /// answering its health check 503).
    public static let demo = Scenario(
        name: "default",
        steps: [
            Step(
                offset: 10,
                target: .production(prefer: [.vllm, .tgi]),
                command: .deploy(version: nil, latencyFactor: 3, errorRate: nil)
            ),
            Step(offset: 20, target: .production(prefer: [.tgi, .vllm]), command: .drift(promptFactor: 3)),
            Step(offset: 30, target: .production(prefer: [.vllm, .tgi]), command: .errors(rate: 0.3, seconds: 120)),
            Step(
                offset: 40,
                target: .production(prefer: [.llamacpp, .vllm, .tgi]),
                command: .down(mode: .unhealthy, seconds: 120)
            ),
        ]
    )

    /// The demo timeline ten times sooner (1 s, 2 s, 3 s, 4 s), for quick looks and tests.
    public static let quick = Scenario(
        name: "quick",
        steps: demo.steps.map { Step(offset: $0.offset / 10, target: $0.target, command: $0.command) }
    )

    /// Names accepted by `llmdeck sim --scenario`.
    public static let names = ["default", "quick", "none"]

    public static func named(_ name: String) -> Scenario? {
        switch name {
        case "default", "demo": return .demo
        case "quick": return .quick
        case "none": return Scenario.none
        default: return nil
        }
    }

    /// Each step with its target resolved to a server index; steps with no server left are dropped.
    func resolved(for identities: [ServerIdentity]) -> [(index: Int, step: Step)] {
        var used = Set<Int>()
        var result: [(index: Int, step: Step)] = []
        for step in steps {
            switch step.target {
            case .index(let index):
                guard identities.indices.contains(index) else { continue }
                used.insert(index)
                result.append((index, step))
            case .production(let preferred):
                let free = identities.indices.filter { !used.contains($0) }
                let production = free.filter { identities[$0].environment == "production" }
                let ranked =
                    preferred.compactMap { kind in production.first { identities[$0].kind == kind } }
                    + production + free
                guard let index = ranked.first else { continue }
                used.insert(index)
                result.append((index, step))
            }
        }
        return result
    }
}
