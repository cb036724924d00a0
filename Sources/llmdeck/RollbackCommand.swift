import Actions
import ArgumentParser
import Config
import Fleet
import Foundation
import Store
import Vocabulary

/// `llmdeck rollback DEPLOYMENT`: the console's `R` without a screen, for scripts and for a
/// terminal without the console.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll a deployment back to its previous (or a chosen) version, audited and verified.",
        discussion: """
            Plans the rollback from the store's version history (the version served before the \
            current one, or --to), shows the evidence and the exact command or request (secrets \
            masked), asks for confirmation (the deployment's name for a production one) unless \
            --yes, performs the configured `rollback:` action (the deployment's, or for a \
            deployment a Prometheus source discovered, the source's), audits it, then watches the \
            deployment through the store (a collector must be writing it) until its version is the \
            target and p95 latency and error ratio are under the alert thresholds. Exit 0 done and \
            verified, 1 the action failed or was refused, 2 bad input, 3 done but not verified.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(
        help: "The deployment, as configured or discovered by a Prometheus source (with --experiment: the experiment)."
    )
    var deployment: String

    @Flag(help: "Roll an experiment back: all traffic to control, through its `rollback:` action.")
    var experiment = false

    @Option(help: "The version to go back to (default: the one served before the current one).")
    var to: String?

    @OptionGroup var action: ActionFlags

    @Option(
        name: .customLong("verify-for"),
        help: "How long to watch the deployment afterwards (default: actions.verify_for, 5m; 0 skips)."
    )
    var verifyFor: String?

    func run() async throws {
        if experiment {
            try await ExperimentActionCommand.run(
                .rollback,
                experiment: deployment,
                variant: nil,
                global: global,
                options: action
            )
            return
        }
        let configuration = try global.loadConfiguration()
        let bad = { (message: String) -> ExitCode in
            CommandBridge.printError("llmdeck rollback: \(message)")
            return ExitCode(2)
        }
        let found: DeploymentConfig?
        do {
            found = try Self.lookUp(deployment, in: DeploymentCatalog(configuration), storeAt: configuration.store.path)
        } catch {
            throw bad(error.description)
        }
        guard let target = found else {
            let known = configuration.deployments.map(\.name).joined(separator: ", ")
            throw bad(
                "no deployment \(TextSanitizer.sanitize(deployment)) in the configuration"
                    + (known.isEmpty ? "" : "; known: \(known)")
            )
        }
        let trimmedReason = action.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedReason.isEmpty else { throw bad("--reason must say why") }
        let who = ConsoleCommand.actorName(action.actor)
        guard !who.isEmpty else { throw bad("who acts is unknown: set $USER or pass --actor") }
        var watchFor = configuration.actions.verifyFor
        if let verifyFor {
            guard let seconds = parseDuration(verifyFor) ?? Double(verifyFor), seconds >= 0 else {
                throw bad("--verify-for: \(verifyFor) is not a duration such as 5m or 90s")
            }
            watchFor = seconds
        }
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw bad("no store at \(path); start `llmdeck collect` first")
        }
        let store: Store
        do {
            store = try Store(path: path)
        } catch {
            throw bad("cannot open the store \(path): \(error)")
        }
        let plan: RollbackPlan
        do {
            plan = try RollbackPlan.make(
                deployment: target,
                requestedVersion: to,
                actor: who,
                reason: trimmedReason,
                store: store,
                rules: configuration.alerts.rules,
                pricing: configuration.pricing,
                environment: ProcessInfo.processInfo.environment,
                now: Self.now()
            )
        } catch {
            throw bad(error.description)
        }
        guard plan.request != nil else { throw bad(plan.requestProblem ?? "no rollback action") }
        if !action.json { print(RollbackText.plan(plan), terminator: "") }
        if action.dryRun {
            if action.json { print(RollbackText.json(plan, outcome: nil, verification: nil, auditID: nil).text) }
            return
        }
        if !action.yes {
            guard isatty(STDIN_FILENO) == 1 else { throw bad("not a terminal: pass --yes to confirm") }
            guard Self.confirm(plan) else {
                print("cancelled; nothing was done")
                throw ExitCode(2)
            }
        }
        let run = RollbackRun(plan: plan, store: store, actor: who, reason: trimmedReason)
        let executor = ActionExecutor(readOnly: action.readOnly || configuration.actions.readOnly)
        let started = Self.now()
        let (outcome, auditID, auditProblem) = await run.perform(with: executor, now: Self.now)
        if let auditProblem { CommandBridge.printError("llmdeck rollback: \(auditProblem)") }
        if !action.json {
            print("\(outcome.status.rawValue): \(TextSanitizer.sanitize(outcome.detail))")
            if !outcome.output.isEmpty { print(RollbackText.indented(outcome.output)) }
        }
        guard outcome.status == .done else {
            if action.json {
                print(RollbackText.json(plan, outcome: outcome, verification: nil, auditID: auditID).text)
            }
            throw ExitCode(1)
        }
        guard watchFor > 0 else {
            if action.json {
                print(RollbackText.json(plan, outcome: outcome, verification: nil, auditID: auditID).text)
            }
            return
        }
        if !action.json { print("watching \(plan.deployment) for up to \(formatDuration(watchFor)) …") }
        let verification = await run.verify(
            startedAt: started,
            duration: Int64(watchFor * 1000),
            rules: configuration.alerts.rules,
            auditID: auditID,
            now: Self.now
        )
        if action.json {
            print(RollbackText.json(plan, outcome: outcome, verification: verification, auditID: auditID).text)
        } else {
            print("\(verification.outcome.rawValue): \(TextSanitizer.sanitize(verification.detail))")
        }
        if verification.outcome != .verified { throw ExitCode(3) }
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// `name` under `deployments:`, else among the deployments a Prometheus source discovered into
    /// the store at `path`, opened read-only for that (a collector may be creating it).
    private static func lookUp(
        _ name: String,
        in catalog: DeploymentCatalog,
        storeAt path: String
    ) throws(RollbackError) -> DeploymentConfig? {
        if let configured = try catalog.deployment(named: name, store: nil) { return configured }
        guard !catalog.sources.isEmpty, FileManager.default.fileExists(atPath: path) else { return nil }
        let store: Store
        do {
            store = try Store(path: path, readOnly: true)
        } catch {
            throw RollbackError(message: "cannot open the store \(path): \(error)")
        }
        return try catalog.deployment(named: name, store: store)
    }

    /// Asks on the terminal: the deployment's name for a production deployment, else `yes`.
    private static func confirm(_ plan: RollbackPlan) -> Bool {
        let expected = plan.isProduction ? plan.deployment : "yes"
        print(
            plan.isProduction
                ? "\(plan.deployment) is a production deployment: type its name to roll it back: "
                : "roll back? type yes: ",
            terminator: ""
        )
        fflush(nil)
        guard let answer = readLine() else { return false }
        return answer.trimmingCharacters(in: .whitespaces) == expected
    }
}
