import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// A fleet of fake model servers on loopback, each a real HTTP listener in its kind's real formats.
///
/// Traffic is generated lazily when a server is read, so an idle fleet of a thousand servers costs nothing;
/// all listeners share one epoll loop.
public final class FleetSimulator: Sendable {
    private struct Running: Sendable {
        var hosts: [ServerHost] = []
        var servers: [SimulatedServer] = []
        var poolTask: Task<Void, Never>?
    }

    public let options: SimulatorOptions
    let identities: [ServerIdentity]
    let assignment: ExperimentAssignment
    private let directory = FleetDirectory()
    private let running = Mutex(Running())

    public init(options: SimulatorOptions) {
        self.options = options
        identities = ServerIdentity.fleet(
            count: max(options.count, 0),
            kinds: options.kinds.isEmpty ? [.vllm] : options.kinds
        )
        assignment = ExperimentAssignment(plans: options.experiments, identities: identities)
    }

    /// Starts every server; throws (and stops what started) when one cannot listen. A second call returns
    /// the running servers.
    public func start() async throws(SimulatorError) -> [SimulatedServer] {
        let options = try options.validated()
        let alreadyStarted = running.withLock { $0.hosts.isEmpty ? nil : $0.servers }
        if let alreadyStarted {
            return alreadyStarted
        }
        let (pool, poolTask) = try await LoopbackListener.startPool()
        running.withLock { $0.poolTask = poolTask }
        let wallStart = Date()
        let steps = options.scenario.resolved(for: identities)
        var hosts: [ServerHost] = []
        for identity in identities {
            let model = ServerModel(
                identity: identity,
                seed: options.seed,
                requestsPerSecond: options.requestsPerSecond,
                experiments: assignment.plans(servedBy: identity.index),
                steps: steps.filter { $0.index == identity.index }.map(\.step),
                startUnix: wallStart.timeIntervalSince1970
            )
            let host = ServerHost(
                identity: identity,
                model: model,
                address: options.host,
                port: options.basePort == 0 ? 0 : options.basePort + identity.index,
                wallStart: wallStart,
                timeScale: options.timeScale,
                pool: pool,
                directory: directory,
                assignment: assignment
            )
            directory.register(host, name: identity.name)
            hosts.append(host)
            running.withLock { $0.hosts.append(host) }
            do {
                try await host.open()
            } catch {
                await stop()
                throw error
            }
        }
        var servers: [SimulatedServer] = []
        for host in hosts {
            servers.append(await host.descriptor)
        }
        running.withLock { $0.servers = servers }
        return servers
    }

    /// Closes every listener and the shared event loop.
    public func stop() async {
        let (hosts, poolTask) = running.withLock { state in
            let taken = (state.hosts, state.poolTask)
            state = Running()
            return taken
        }
        for host in hosts {
            await host.close()
        }
        poolTask?.cancel()
    }

    /// The servers as started (empty before `start()`).
    public var servers: [SimulatedServer] {
        running.withLock { $0.servers }
    }

    /// Every experiment summed over its servers, each read at its current simulated time (pause the fleet
    /// first for one instant), as `GET /sim/experiments` answers; zero counts before `start()`.
    public func experimentTruth() async -> [ExperimentTruth] {
        await ExperimentTruth.fleet(assignment, directory)
    }

    /// Applies a control command to the named server, as `POST /sim/control` would.
    public func control(_ command: ControlCommand, server name: String) async throws(SimulatorError) {
        guard let host = directory.host(named: name) else {
            throw SimulatorError(kind: .unknownServer, message: "no server named \"\(name)\" in this fleet")
        }
        try await host.apply(command)
    }

    /// A valid llmdeck config pointing at the fleet: the started servers, or (before `start()`) the ports the
    /// options imply, which are deterministic when `basePort` is set.
    public func configYAML(storePath: String?) -> String {
        let started = servers
        var yaml = "# llmdeck config for `llmdeck sim` (\(identities.count) servers, seed \(options.seed))\n"
        yaml += "deployments:\n"
        for identity in identities {
            let url: String
            if let server = started.first(where: { $0.name == identity.name }) {
                url = server.url
            } else {
                let port = options.basePort == 0 ? 18_000 + identity.index : options.basePort + identity.index
                url = "http://\(options.host):\(port)"
            }
            yaml += "  - name: \(identity.name)\n"
            yaml += "    url: \(url)\n"
            yaml += "    kind: \(identity.kind.rawValue)\n"
            yaml += "    environment: \(identity.environment)\n"
            yaml += "    interval: 5s\n"
            // The simulator's own rollback endpoint: `R` in the console, or `llmdeck rollback`,
            // reverts the fake deployment (the demo's whole loop).
            yaml += "    rollback:\n"
            yaml += "      http:\n"
            yaml += "        url: \(url)/sim/rollback\n"
            yaml +=
                "        body: '{\"to\": \"{{target_version}}\", \"reason\": \"{{reason}}\", \"by\": \"{{actor}}\"}'\n"
            yaml += "      timeout: 10s\n"
        }
        if let storePath {
            yaml += "store:\n  path: \(Self.yamlQuoted(storePath))\n"
        }
        return yaml
    }

    /// A double-quoted YAML scalar, so any path survives.
    static func yamlQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 {
                    quoted += String(format: "\\x%02X", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
