import Foundation

/// `llmdeck sim` and `llmdeck collect` running in the background on a temporary store: the
/// setup of the end-to-end tests that act on a simulated fleet. Every deployment is polled each
/// second with a 5 s timeout (room to answer on a loaded runner).
public final class CollectedFleet: @unchecked Sendable {
    public let base: Int
    public let config: String
    public let store: String
    public let simulator: BackgroundProcess
    public let collector: BackgroundProcess

    private init(base: Int, config: String, store: String, simulator: BackgroundProcess, collector: BackgroundProcess) {
        self.base = base
        self.config = config
        self.store = store
        self.simulator = simulator
        self.collector = collector
    }

    /// Starts `count` simulated servers (with `arguments` besides `--count` and `--base-port`),
    /// writes their configuration (`editing` may change it) and starts the collector.
    public static func start(
        count: Int,
        arguments: [String],
        in directory: TemporaryDirectory,
        editing edit: (String) -> String = { $0 }
    ) async throws -> CollectedFleet {
        // A random port range can be taken by another suite's server: another range, up to three.
        var outputs: [String] = []
        for attempt in 0..<3 {
            let base = freePortBase(count: count)
            let common = ["--count", "\(count)", "--base-port", "\(base)"] + arguments
            let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + common)
            guard printed.status == 0 else {
                throw LoopbackServerError(message: "sim --print-config: \(printed.standardError)")
            }
            let yaml = printed.standardOutput.replacingOccurrences(
                of: #"interval: [0-9a-z.]+"#,
                with: "interval: 1s\n    timeout: 5s",
                options: .regularExpression
            )
            let config = directory.path("config.yaml")
            try edit(yaml).write(toFile: config, atomically: true, encoding: .utf8)
            let store = directory.path("deck.sqlite")
            let simulator = try BackgroundProcess(llmdeck: ["sim"] + common, in: directory, name: "sim-\(attempt)")
            _ = await waitUntil(attempts: 1_200) {
                simulator.output.contains("serving") || !simulator.process.isRunning
            }
            guard simulator.output.contains("serving") else {
                outputs.append(simulator.output)
                kill(simulator.process.processIdentifier, SIGTERM)
                continue
            }
            let collector = try BackgroundProcess(
                llmdeck: ["collect", "--config", config, "--db", store],
                in: directory,
                name: "collect"
            )
            return CollectedFleet(base: base, config: config, store: store, simulator: simulator, collector: collector)
        }
        throw LoopbackServerError(message: "the simulated fleet never served: \(outputs)")
    }

    /// `llmdeck ARGUMENTS --config … --db …` on this fleet's configuration and store.
    public func llmdeck(_ arguments: [String]) async throws -> CommandRun {
        try await CommandRun.llmdeck(arguments + ["--config", config, "--db", store])
    }

    public func stop() {
        for process in [collector, simulator] where process.process.isRunning {
            kill(process.process.processIdentifier, SIGTERM)
        }
    }

    deinit { stop() }
}

/// `waitUntil` for conditions that are themselves asynchronous (running a command).
public func waitUntilAsync(attempts: Int = 300, _ condition: () async throws -> Bool) async -> Bool {
    for _ in 0..<attempts {
        if (try? await condition()) == true { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return false
}
