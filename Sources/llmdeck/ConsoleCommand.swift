import ArgumentParser
import Collector
import Config
import Console
import Fleet
import Foundation
import Store

/// `llmdeck` (the default command): the live console, with the collector in-process on the
/// configured deployments, or read-only on a store another `llmdeck collect` writes (`--db`).
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the live console (the default when no subcommand is given).",
        discussion: """
            Without --db, polls the configured deployments in-process and records them in the \
            configured store. With --db FILE, opens a read-only view of a store that another \
            process (llmdeck collect) writes. Press ? in the console for every key.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Theme name (themes/*.yaml) or path to a theme file.")
    var theme = "default"

    @Option(help: "Seconds between screen data refreshes (0.25–60; + and - change it live).")
    var refresh = 1.0

    @Flag(name: .customLong("read-only"), help: "Refuse actions that change deployments.")
    var readOnly = false

    func validate() throws {
        guard refresh.isFinite, refresh >= 0.25, refresh <= 60 else {
            throw ValidationError("--refresh must be between 0.25 and 60 seconds, got \(refresh)")
        }
    }

    func run() throws {
        let options = ConsoleOptions(themeName: theme, refreshInterval: refresh, isReadOnly: readOnly)
        if let db = global.db {
            // The configuration still says how experiments are judged (and prices them).
            let configuration = try global.loadConfiguration()
            let store: Store
            do {
                store = try Store(path: db, readOnly: true)
            } catch {
                CommandBridge.printError("llmdeck: cannot open store \(db) read-only: \(error)")
                throw ExitCode(1)
            }
            var viewOptions = options
            viewOptions.source = "view " + db
            // The store is opened read-only: the header says so with its RO badge.
            viewOptions.isReadOnly = true
            try Self.runConsole(
                store: store,
                options: viewOptions,
                collecting: [],
                experimentRules: ExperimentRules(configuration.experiments, retention: configuration.store.retention),
                pricing: configuration.pricing
            )
            return
        }
        let config = try global.loadConfiguration()
        guard config.sourceFile != nil else {
            CommandBridge.printError(
                "llmdeck: no configuration at \(ConfigLoader.defaultPath); create one (see README), "
                    + "open a store with --db FILE, or try llmdeck demo"
            )
            throw ExitCode(2)
        }
        let targets = try Self.scrapeTargets(config.deployments)
        let store: Store
        do {
            store = try Store(path: config.store.path)
        } catch {
            CommandBridge.printError("llmdeck: cannot open store \(config.store.path): \(error)")
            throw ExitCode(1)
        }
        var collectingOptions = options
        collectingOptions.source = "\(targets.count) deployment(s) → \(config.store.path)"
        try Self.runConsole(
            store: store,
            options: collectingOptions,
            collecting: targets,
            retention: config.store.retention,
            experimentRules: ExperimentRules(config.experiments, retention: config.store.retention),
            pricing: config.pricing
        )
    }

    /// Scrape targets for `deployments`; a bad one ends the command with exit code 2.
    static func scrapeTargets(_ deployments: [DeploymentConfig]) throws -> [ScrapeTarget] {
        let environment = ProcessInfo.processInfo.environment
        var targets: [ScrapeTarget] = []
        for deployment in deployments {
            do {
                targets.append(try ScrapeTarget(deployment, environment: environment))
            } catch {
                CommandBridge.printError("llmdeck: \(error)")
                throw ExitCode(2)
            }
        }
        return targets
    }

    /// Runs the collector (when there are targets) on the concurrency pool and the console on this
    /// thread until the user quits; then stops the collector. Errors are printed after the
    /// terminal is restored.
    static func runConsole(
        store: Store,
        options: ConsoleOptions,
        collecting targets: [ScrapeTarget],
        retention: RetentionConfig? = nil,
        experimentRules: ExperimentRules = ExperimentRules(),
        pricing: PriceTable = PriceTable()
    ) throws {
        var task: Task<Void, Never>?
        if !targets.isEmpty {
            var collectorOptions = Collector.Options()
            if let retention { collectorOptions.retention = retention }
            // Store errors would garble the screen too; the next pass tries again.
            collectorOptions.afterMaintenance = ReadModelUpkeep.afterMaintenance(
                store: store,
                experimentRules: experimentRules,
                pricing: pricing,
                log: { _ in }
            )
            // Health-change lines and the open-file note would garble the screen; the console shows
            // health itself, and polls that cannot connect show as down.
            let collector = PollingCollector(targets: targets, store: store, options: collectorOptions)
            task = Task { await collector.run() }
        }
        let reader = SnapshotReader(store: store, experimentRules: experimentRules, pricing: pricing) {
            ConsoleApp.now()
        }
        let app = ConsoleApp(
            options: options,
            catalog: ThemeCatalog.standard(
                environment: ProcessInfo.processInfo.environment,
                executable: CommandLine.arguments.first ?? ""
            ),
            reader: reader
        )
        var failure: Error?
        do {
            try app.run()
        } catch {
            failure = error
        }
        if let task {
            task.cancel()
            CommandBridge.wait { await task.value }
        }
        if let failure {
            CommandBridge.printError("llmdeck: \(failure)")
            throw ExitCode(1)
        }
    }
}
