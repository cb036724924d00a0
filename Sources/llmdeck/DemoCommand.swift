import ArgumentParser
import Config
import Console
import Fleet
import Foundation
import Store

/// `llmdeck demo`: a simulated fleet, the collector and the console in one process on a temporary
/// store, so every pane shows live data within seconds (`make demo`).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a simulated fleet, the collector and the console together on a temporary store.",
        discussion: """
            Starts fake vLLM, TGI and llama.cpp servers on 127.0.0.1, polls them every --interval \
            seconds into a store in a temporary directory (removed on exit) and opens the console. \
            After about a minute the scenario deploys a bad version to one deployment.
            """
    )

    @Option(help: "Number of simulated servers.")
    var count = 6

    @Option(help: "Seconds between polls of each simulated server.")
    var interval = 1.0

    @Option(help: "Scenario: default (bad deploy at 60 s, drift at 75 s, error burst at 90 s), quick, none.")
    var scenario = "default"

    @Option(help: "Random seed of the simulated traffic.")
    var seed: UInt64 = 42

    @Option(help: "A prompt experiment of the simulated fleet, repeatable (as `llmdeck sim --experiment`).")
    var experiment: [String] = []

    @Option(help: "Theme name (themes/*.yaml) or path to a theme file.")
    var theme = "default"

    @Option(help: "Seconds between screen data refreshes (0.25–60).")
    var refresh = 1.0

    @Option(help: "Who rolls back, acknowledges and silences (default: $USER).")
    var actor: String?

    func validate() throws {
        guard count >= 1, count <= 1000 else { throw ValidationError("--count must be between 1 and 1000") }
        guard interval.isFinite, interval >= 0.2, interval <= 60 else {
            throw ValidationError("--interval must be between 0.2 and 60 seconds")
        }
        guard refresh.isFinite, refresh >= 0.25, refresh <= 60 else {
            throw ValidationError("--refresh must be between 0.25 and 60 seconds")
        }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmdeck-demo-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("demo.sqlite").path
        let simulator: SimulatorProcess
        do {
            let arguments =
                ["--count", "\(count)", "--seed", "\(seed)", "--scenario", scenario, "--base-port", "0"]
                + ["--db", storePath] + experiment.flatMap { ["--experiment", $0] }
            simulator = try SimulatorProcess(
                binary: try SimulatorBinary.locate(),
                arguments: arguments,
                logPath: directory.appendingPathComponent("sim.log").path
            )
        } catch {
            CommandBridge.printError("llmdeck demo: cannot start the simulator: \(error)")
            throw ExitCode(1)
        }
        defer { simulator.stop() }
        var config: LLMDeckConfig
        do {
            config = try ConfigLoader.parse(yaml: simulator.configYAML, file: "<demo>")
        } catch {
            CommandBridge.printError("llmdeck demo: the simulator's configuration is invalid: \(error)")
            throw ExitCode(1)
        }
        for index in config.deployments.indices {
            config.deployments[index].interval = interval
            config.deployments[index].timeout = min(interval, 2)
        }
        let store: Store
        do {
            store = try Store(path: storePath)
        } catch {
            CommandBridge.printError("llmdeck demo: cannot create the store \(storePath): \(error)")
            throw ExitCode(1)
        }
        try ConsoleCommand.runConsole(
            store: store,
            options: ConsoleOptions(themeName: theme, refreshInterval: refresh, source: "demo"),
            collecting: try ConsoleCommand.scrapeTargets(config.deployments),
            alerts: config.alerts,
            alertWriter: AlertActionWriter(
                ledger: AlertLedger(store: store),
                rules: config.alerts.rules,
                actor: ConsoleCommand.actorName(actor)
            ),
            rollbacks: ConsoleRollbacks(config, store: store, actor: ConsoleCommand.actorName(actor), readOnly: false),
            rollbackGuard: ReadModelUpkeep.rollbackGuard(config, store: store, readOnly: false, log: { _ in }),
            alertmanagers: try AlertmanagerPolling(config, store: store, log: { _ in })
        )
    }
}
