import ArgumentParser
import Collector
import Config
import Dispatch
import Fleet
import Foundation
import Store

/// `llmdeck collect`: polls every deployment headless and writes the store until SIGINT or SIGTERM.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Poll every configured deployment and record it in the store until SIGINT or SIGTERM.",
        discussion: """
            Runs without a screen, as a service. Logs one line to stderr per health change of a \
            deployment. On SIGINT or SIGTERM it writes what it has pending and exits 0. A bad \
            configuration exits 2 before anything starts.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Seconds between store writes (one transaction each).")
    var flushInterval: Double = 1

    func run() throws {
        let config = try global.loadConfiguration()
        if config.sourceFile == nil {
            CommandBridge.printError(
                "llmdeck collect: no configuration at \(ConfigLoader.defaultPath); write one or pass --config FILE"
            )
            throw ExitCode(2)
        }
        let targets = try ConsoleCommand.scrapeTargets(config.deployments)
        let path = config.store.path
        let store: Store
        do {
            store = try Store(path: path)
        } catch {
            CommandBridge.printError("llmdeck: cannot open store \(path): \(error)")
            throw ExitCode(1)
        }
        let log: @Sendable (String) -> Void = { CommandBridge.printError("llmdeck collect: " + $0) }
        let upkeep = ReadModelUpkeep.afterMaintenance(
            store: store,
            experimentRules: ExperimentRules(config.experiments, retention: config.store.retention),
            pricing: config.pricing,
            log: log
        )
        let evaluator = AlertEvaluator(store: store, config: config.alerts)
        let collector = PollingCollector(
            targets: targets,
            prometheus: config.sources.prometheus,
            experiments: config.experiments,
            store: store,
            options: Collector.Options(
                flushInterval: flushInterval,
                retention: config.store.retention,
                afterMaintenance: upkeep,
                afterFlush: ReadModelUpkeep.afterFlush(
                    evaluator,
                    guard: ReadModelUpkeep.rollbackGuard(config, store: store, readOnly: false, log: log),
                    log: log
                )
            ),
            log: log
        )
        if let note = collector.fileLimitNote { CommandBridge.printError("llmdeck collect: " + note) }
        let prometheus = config.sources.prometheus.map { " and Prometheus \($0.name)" }.joined()
        CommandBridge.printError(
            "llmdeck collect: polling \(targets.count) deployment(s)\(prometheus) into \(path); Ctrl-C to stop"
        )
        let alertmanagers = try AlertmanagerPolling(config, store: store, log: log)
        let task = Task { await alertmanagers.alongside { await collector.run() } }
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        CommandBridge.wait { await task.value }
        signals.forEach { $0.cancel() }
        let written = CommandBridge.wait { await collector.batchesWritten }
        CommandBridge.printError(
            "llmdeck collect: stopped after \(written) batch(es), \(evaluator.evaluations) alert rule evaluation(s)"
        )
    }
}

/// What the collector's commands share: stderr lines and waiting for async work from a synchronous
/// command (the root command is synchronous, so subcommands bridge here).
enum CommandBridge {
    /// Writes one line to stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Runs `operation` on the concurrency pool and blocks this thread until it returns.
    static func wait<T: Sendable>(for operation: @escaping @Sendable () async -> T) -> T {
        let handoff = Handoff<T>()
        Task {
            handoff.value = await operation()
            handoff.done.signal()
        }
        handoff.done.wait()
        guard let value = handoff.value else { preconditionFailure("operation finished without a value") }
        return value
    }
}

/// The result of `CommandBridge.wait`: written once by the task before `done` is signalled, read after.
private final class Handoff<T: Sendable>: @unchecked Sendable {
    var value: T?
    let done = DispatchSemaphore(value: 0)
}
