import Analysis
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
            configured store. With --db FILE, opens a view of a store that another process \
            (llmdeck collect) writes; acknowledgements and silences are written to it unless \
            --read-only. Press ? in the console for every key.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Theme name (themes/*.yaml) or path to a theme file.")
    var theme = "default"

    @Option(help: "Seconds between screen data refreshes (0.25–60; + and - change it live).")
    var refresh = 1.0

    @Flag(
        name: .customLong("read-only"),
        help: "Refuse actions that change deployments or write the store (acknowledging, silencing)."
    )
    var readOnly = false

    @Option(help: "Who acknowledges and silences alerts from this console (default: $USER).")
    var actor: String?

    func validate() throws {
        guard refresh.isFinite, refresh >= 0.25, refresh <= 60 else {
            throw ValidationError("--refresh must be between 0.25 and 60 seconds, got \(refresh)")
        }
    }

    func run() throws {
        let options = ConsoleOptions(themeName: theme, refreshInterval: refresh, isReadOnly: readOnly)
        let actor = Self.actorName(actor)
        if let db = global.db {
            // The configuration still says how experiments are judged (and prices them) and which
            // alert rules name the alerts.
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
            try Self.runConsole(
                store: store,
                options: viewOptions,
                collecting: [],
                experimentRules: ExperimentRules(configuration.experiments, retention: configuration.store.retention),
                pricing: configuration.pricing,
                alerts: configuration.alerts,
                alertWriter: readOnly
                    ? AlertActionWriter(refusing: "the console runs with --read-only", actor: actor)
                    : Self.alertWriter(writingTo: db, rules: configuration.alerts.rules, actor: actor)
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
            pricing: config.pricing,
            alerts: config.alerts,
            alertWriter: AlertActionWriter(ledger: AlertLedger(store: store), rules: config.alerts.rules, actor: actor)
        )
    }

    /// Who acts on alerts: `--actor`, else `$USER`; empty when neither is set (a write then says
    /// so).
    static func actorName(_ option: String?) -> String {
        option ?? ProcessInfo.processInfo.environment["USER"] ?? ""
    }

    /// Acknowledgements and silences written to the store at `path` through a second, writable
    /// connection (SQLite takes a second writer; the store waits for the collector's transaction
    /// with a busy timeout); when it does not open for writing, a writer that says why.
    static func alertWriter(writingTo path: String, rules: [AlertRuleSpec], actor: String) -> AlertActionWriter {
        do {
            return AlertActionWriter(ledger: AlertLedger(store: try Store(path: path)), rules: rules, actor: actor)
        } catch {
            return AlertActionWriter(refusing: "the store \(path) does not open for writing: \(error)", actor: actor)
        }
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
        pricing: PriceTable = PriceTable(),
        alerts: AlertsConfig = AlertsConfig(),
        alertWriter: AlertActionWriter
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
            collectorOptions.afterFlush = ReadModelUpkeep.afterFlush(
                AlertEvaluator(store: store, config: alerts),
                log: { _ in }
            )
            // Health-change lines and the open-file note would garble the screen; the console shows
            // health itself, and polls that cannot connect show as down.
            let collector = PollingCollector(targets: targets, store: store, options: collectorOptions)
            task = Task { await collector.run() }
        }
        let reader = SnapshotReader(
            store: store,
            experimentRules: experimentRules,
            pricing: pricing,
            alertRules: alerts.rules
        ) {
            ConsoleApp.now()
        }
        var options = options
        options.ringsBell = alerts.bell
        let app = ConsoleApp(
            options: options,
            catalog: ThemeCatalog.standard(
                environment: ProcessInfo.processInfo.environment,
                executable: CommandLine.arguments.first ?? ""
            ),
            reader: reader,
            alertWriter: alertWriter
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
