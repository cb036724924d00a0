import Actions
import Analysis
import ArgumentParser
import Collector
import Config
import Console
import Fleet
import Foundation
import HTTP
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
            (llmdeck collect) writes; acknowledgements, silences and the audit rows of rollbacks \
            (R, with the configuration's rollback: actions) are written to it unless --read-only. \
            Press ? in the console for every key.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Theme name (themes/*.yaml) or path to a theme file.")
    var theme = "default"

    @Option(help: "Seconds between screen data refreshes (0.25–60; + and - change it live).")
    var refresh = 1.0

    @Flag(
        name: .customLong("read-only"),
        help:
            "Refuse actions that change deployments or write the store (rolling back, acknowledging, silencing); actions.read_only does the same."
    )
    var readOnly = false

    @Option(help: "Who rolls back, acknowledges and silences from this console (default: $USER).")
    var actor: String?

    func validate() throws {
        guard refresh.isFinite, refresh >= 0.25, refresh <= 60 else {
            throw ValidationError("--refresh must be between 0.25 and 60 seconds, got \(refresh)")
        }
    }

    func run() throws {
        let actor = Self.actorName(actor)
        if let db = global.db {
            // The configuration still says how experiments are judged (and prices them), which
            // alert rules name the alerts, and how each deployment is rolled back.
            let configuration = try global.loadConfiguration()
            let readOnly = readOnly || configuration.actions.readOnly
            let options = ConsoleOptions(themeName: theme, refreshInterval: refresh, isReadOnly: readOnly)
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
                history: configuration.sources.prometheus,
                experimentRules: ExperimentRules(configuration.experiments, retention: configuration.store.retention),
                pricing: configuration.pricing,
                alerts: configuration.alerts,
                alertWriter: readOnly
                    ? AlertActionWriter(refusing: "the console runs with --read-only", actor: actor)
                    : try Self.alertWriter(writingTo: db, configuration, actor: actor),
                rollbacks: Self.rollbacks(
                    configuration,
                    reading: store,
                    writingTo: readOnly ? nil : db,
                    actor: actor,
                    readOnly: readOnly
                )
            )
            return
        }
        let config = try global.loadConfiguration()
        let readOnly = readOnly || config.actions.readOnly
        let options = ConsoleOptions(themeName: theme, refreshInterval: refresh, isReadOnly: readOnly)
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
        let prometheus = config.sources.prometheus.map { " + Prometheus \($0.name)" }.joined()
        collectingOptions.source = "\(targets.count) deployment(s)\(prometheus) → \(config.store.path)"
        let alertmanagers = try AlertmanagerPolling(config, store: store, log: { _ in })
        try Self.runConsole(
            store: store,
            options: collectingOptions,
            collecting: targets,
            prometheus: config.sources.prometheus,
            experiments: config.experiments,
            retention: config.store.retention,
            experimentRules: ExperimentRules(config.experiments, retention: config.store.retention),
            pricing: config.pricing,
            alerts: config.alerts,
            alertWriter: AlertActionWriter(
                ledger: AlertLedger(store: store),
                rules: config.alerts.rules,
                actor: actor,
                silencer: alertmanagers.silencer(actor: actor)
            ),
            rollbacks: ConsoleRollbacks(config, store: store, actor: actor, readOnly: readOnly),
            rollbackGuard: ReadModelUpkeep.rollbackGuard(config, store: store, readOnly: readOnly, log: { _ in }),
            alertmanagers: alertmanagers
        )
    }

    /// The rollbacks of a console on a store another process writes: planned from `store` (read
    /// only), performed and audited through a second, writable connection to `path`; with no
    /// path (read-only) or when it will not open for writing, every rollback is refused with why.
    static func rollbacks(
        _ configuration: LLMDeckConfig,
        reading store: Store,
        writingTo path: String?,
        actor: String,
        readOnly: Bool
    ) -> ConsoleRollbacks {
        guard let path else {
            return ConsoleRollbacks(configuration, store: store, actor: actor, readOnly: true)
        }
        do {
            return ConsoleRollbacks(configuration, store: try Store(path: path), actor: actor, readOnly: readOnly)
        } catch {
            var refusing = ConsoleRollbacks(configuration, store: store, actor: actor, readOnly: true)
            refusing.refusal = "the store \(path) does not open for writing, so nothing could be audited: \(error)"
            return refusing
        }
    }

    /// Who acts on alerts: `--actor`, else `$USER`; empty when neither is set (a write then says
    /// so).
    static func actorName(_ option: String?) -> String {
        option ?? ProcessInfo.processInfo.environment["USER"] ?? ""
    }

    /// Acknowledgements and silences written to the store at `path` through a second, writable
    /// connection (SQLite takes a second writer; the store waits for the collector's transaction
    /// with a busy timeout); when it does not open for writing, a writer that says why.
    static func alertWriter(writingTo path: String, _ config: LLMDeckConfig, actor: String) throws -> AlertActionWriter
    {
        let store: Store
        do {
            store = try Store(path: path)
        } catch {
            return AlertActionWriter(refusing: "the store \(path) does not open for writing: \(error)", actor: actor)
        }
        return AlertActionWriter(
            ledger: AlertLedger(store: store),
            rules: config.alerts.rules,
            actor: actor,
            silencer: try silencer(config, store: store, actor: actor)
        )
    }

    /// What acts in the configuration's Alertmanagers (`a`, `s` and `x` on their alerts and silences),
    /// writing its records and audit rows to `store`; nil without alertmanager sources. A `token_env`
    /// that is not set ends the command with exit code 2. Its HTTP client lives as long as the console.
    static func silencer(_ config: LLMDeckConfig, store: Store, actor: String) throws -> AlertSilencer? {
        guard !config.sources.alertmanager.isEmpty else { return nil }
        let (endpoints, _) = try AlertmanagerPolling.endpoints(config, command: "llmdeck")
        return AlertSilencer(store: store, endpoints: endpoints, actor: actor)
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
        prometheus: [PrometheusSourceConfig] = [],
        history: [PrometheusSourceConfig] = [],
        experiments: ExperimentsConfig = ExperimentsConfig(),
        retention: RetentionConfig? = nil,
        experimentRules: ExperimentRules = ExperimentRules(),
        pricing: PriceTable = PriceTable(),
        alerts: AlertsConfig = AlertsConfig(),
        alertWriter: AlertActionWriter,
        rollbacks: ConsoleRollbacks? = nil,
        rollbackGuard: RollbackGuard? = nil,
        alertmanagers: AlertmanagerPolling = .none
    ) throws {
        var task: Task<Void, Never>?
        if !targets.isEmpty || !prometheus.isEmpty || alertmanagers.isActive {
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
                guard: rollbackGuard,
                log: { _ in }
            )
            // Health-change lines and the open-file note would garble the screen; the console shows
            // health itself, and polls that cannot connect show as down.
            let collector = PollingCollector(
                targets: targets,
                prometheus: prometheus,
                experiments: experiments,
                store: store,
                options: collectorOptions
            )
            task = Task { await alertmanagers.alongside { await collector.run() } }
        }
        // Chart history older than the store, from the Prometheus sources the deployments are read through.
        let historySources = prometheus.isEmpty ? history : prometheus
        let historyClient = historySources.isEmpty ? nil : HTTPClient()
        defer { historyClient?.shutdown() }
        let reader = SnapshotReader(
            store: store,
            experimentRules: experimentRules,
            pricing: pricing,
            alertRules: alerts.rules,
            history: historyClient.map {
                PrometheusHistory(historySources, client: $0, environment: ProcessInfo.processInfo.environment)
            }
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
            alertWriter: alertWriter,
            rollbacks: rollbacks
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

/// What `R` in the console does, through the same code as `llmdeck rollback`: plans with
/// `RollbackPlan` (evidence, the rendered request), performs and audits with `RollbackRun` and an
/// `ActionExecutor` (which refuses everything read-only), then verifies for
/// `actions.verify_for`. The console calls it off its UI thread and never executes anything
/// itself.
struct ConsoleRollbacks: RollbackController {
    /// Where a deployment's `rollback:` is found: under it, or on the source that discovered it.
    let catalog: DeploymentCatalog
    /// Plans are read from it, and audit rows and rollback events written to it.
    let store: Store
    let rules: [AlertRuleSpec]
    let pricing: PriceTable
    let actor: String
    let isReadOnly: Bool
    /// Seconds the deployment is watched after the action.
    let verifyFor: Double
    /// Why every rollback is refused without being attempted (no writable store); nil when they
    /// can be.
    var refusal: String?
    /// Where the experiments' `promote:` and `rollback:` actions are configured.
    let configuration: LLMDeckConfig

    init(_ configuration: LLMDeckConfig, store: Store, actor: String, readOnly: Bool) {
        self.configuration = configuration
        catalog = DeploymentCatalog(configuration)
        self.store = store
        rules = configuration.alerts.rules
        pricing = configuration.pricing
        self.actor = actor
        isReadOnly = readOnly
        verifyFor = configuration.actions.verifyFor
    }

    static func now() -> Int64 { ConsoleApp.now() }

    func propose(
        deployment name: String,
        version: String?,
        reason: String
    ) async -> Result<RollbackProposal, RollbackError> {
        do throws(RollbackError) {
            let plan = try plan(name, version: version, reason: reason)
            let history: VersionHistory
            do {
                history = VersionHistory(deployment: name, records: try store.versions(target: name), now: Self.now())
            } catch {
                throw RollbackError(message: "cannot read the version history of \(name): \(error)")
            }
            func shown(_ span: VersionSpan) -> RollbackProposal.Version {
                RollbackProposal.Version(version: span.version, model: span.model, from: span.from, until: span.until)
            }
            func figures(_ figures: RollbackPlan.Figures) -> RollbackProposal.Figures {
                RollbackProposal.Figures(
                    p95: figures.p95,
                    ttftP95: figures.ttftP95,
                    errorRatio: figures.errorRatio,
                    requestsPerSecond: figures.requestsPerSecond
                )
            }
            return .success(
                RollbackProposal(
                    deployment: plan.deployment,
                    environment: plan.environment,
                    isProduction: plan.isProduction,
                    current: shown(plan.current),
                    target: shown(plan.target),
                    candidates: history.candidates.map(shown),
                    now: figures(plan.now),
                    before: figures(plan.before),
                    openAlerts: plan.openAlerts,
                    request: plan.request?.display,
                    requestProblem: plan.requestProblem,
                    reason: reason
                )
            )
        } catch {
            return .failure(error)
        }
    }

    func perform(_ confirmation: RollbackConfirmation, report: @escaping @Sendable (RollbackProgress) -> Void) async {
        let name = confirmation.deployment
        if let refusal {
            report(.notPerformed(deployment: name, reason: refusal))
            return
        }
        let plan: RollbackPlan
        do {
            plan = try self.plan(name, version: confirmation.targetVersion, reason: confirmation.reason)
        } catch {
            report(.notPerformed(deployment: name, reason: error.message))
            return
        }
        // What runs is what was confirmed: a deployment that changed version meanwhile (another
        // operator, the guard) gets a new dialog, not a rollback planned on what it was.
        guard plan.current.version == confirmation.currentVersion, plan.request?.display == confirmation.request else {
            report(
                .notPerformed(
                    deployment: name,
                    reason: "\(name) now serves \(plan.current.version), not the \(confirmation.currentVersion) the "
                        + "dialog showed, or its request changed; press R again"
                )
            )
            return
        }
        let run = RollbackRun(plan: plan, store: store, actor: actor, reason: confirmation.reason)
        let started = Self.now()
        let (outcome, auditID, auditProblem) = await run.perform(
            with: ActionExecutor(readOnly: isReadOnly),
            now: Self.now
        )
        let verifies = outcome.status == .done && verifyFor > 0
        report(
            .performed(
                deployment: name,
                outcome: outcome.status.rawValue,
                detail: outcome.detail,
                verifies: verifies,
                auditProblem: auditProblem
            )
        )
        guard verifies else { return }
        let verification = await run.verify(
            startedAt: started,
            duration: Int64(verifyFor * 1000),
            rules: rules,
            auditID: auditID,
            now: Self.now,
            progress: { remaining in report(.verifying(deployment: name, remaining: remaining)) }
        )
        report(.verified(deployment: name, outcome: verification.outcome.rawValue, detail: verification.detail))
    }

    func propose(
        _ kind: ExperimentActionPlan.Kind,
        experiment: String,
        variant: String,
        reason: String
    ) async -> Result<ExperimentActionProposal, RollbackError> {
        do throws(RollbackError) {
            let plan = try experimentPlan(kind, experiment: experiment, variant: variant, reason: reason)
            return .success(
                ExperimentActionProposal(
                    kind: kind,
                    experiment: plan.experiment,
                    variant: plan.variant,
                    control: plan.control,
                    report: plan.report,
                    request: plan.request?.display,
                    requestProblem: plan.requestProblem,
                    reason: reason
                )
            )
        } catch {
            return .failure(error)
        }
    }

    func perform(
        _ confirmation: ExperimentActionConfirmation,
        report: @escaping @Sendable (RollbackProgress) -> Void
    ) async {
        let name = confirmation.experiment
        if let refusal {
            report(.notPerformed(deployment: name, reason: refusal))
            return
        }
        let plan: ExperimentActionPlan
        do {
            plan = try experimentPlan(
                confirmation.kind,
                experiment: name,
                variant: confirmation.variant,
                reason: confirmation.reason
            )
        } catch {
            report(.notPerformed(deployment: name, reason: error.message))
            return
        }
        // What runs is what was confirmed: a configuration or variant that changed meanwhile
        // gets a new dialog.
        guard plan.request?.display == confirmation.request else {
            report(
                .notPerformed(
                    deployment: name,
                    reason: "the request for \(name) changed since the dialog; press the key again"
                )
            )
            return
        }
        let (outcome, auditID) = await plan.perform(
            with: ActionExecutor(readOnly: isReadOnly),
            store: store,
            actor: actor,
            reason: confirmation.reason,
            now: Self.now
        )
        report(
            .performed(
                deployment: name,
                outcome: outcome.status.rawValue,
                detail: outcome.detail,
                verifies: false,
                auditProblem: auditID == nil ? "the store refused the audit row" : nil
            )
        )
    }

    func auditTrail(limit: Int) throws -> [AuditRow] {
        try store.read { view in try view.auditRecords(limit: limit) }.reversed().map { record in
            let entry = record.entry
            return AuditRow(
                id: record.id,
                time: entry.time,
                actor: entry.actor,
                action: entry.action,
                subjectKind: entry.subjectKind,
                subject: entry.subject,
                fromVersion: entry.fromVersion,
                toVersion: entry.toVersion,
                reason: entry.reason,
                request: entry.request,
                outcome: entry.outcome,
                status: entry.status,
                output: entry.output,
                evidence: entry.evidence,
                refersTo: entry.refersTo
            )
        }
    }

    private func experimentPlan(
        _ kind: ExperimentActionPlan.Kind,
        experiment: String,
        variant: String,
        reason: String
    ) throws(RollbackError) -> ExperimentActionPlan {
        try ExperimentActionPlan.make(
            kind,
            experiment: experiment,
            variant: variant,
            config: configuration,
            actor: actor,
            reason: reason,
            store: store,
            environment: ProcessInfo.processInfo.environment,
            now: Self.now()
        )
    }

    private func plan(_ name: String, version: String?, reason: String) throws(RollbackError) -> RollbackPlan {
        guard let deployment = try catalog.deployment(named: name, store: store) else {
            throw RollbackError(
                message: "\(name) is not in the configuration, which says how to roll a deployment back "
                    + "(rollback: under it; README: Actions); open the console with --config"
            )
        }
        return try RollbackPlan.make(
            deployment: deployment,
            requestedVersion: version,
            actor: actor,
            reason: reason,
            store: store,
            rules: rules,
            pricing: pricing,
            environment: ProcessInfo.processInfo.environment,
            now: Self.now()
        )
    }
}
