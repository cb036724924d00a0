import Actions
import ArgumentParser
import Config
import Fleet
import Foundation
import Store
import Vocabulary

/// `llmdeck promote EXPERIMENT VARIANT`: the Experiments pane's `P` without a screen.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote an experiment's variant through its configured `promote:` action, audited.",
        discussion: """
            Shows the experiment's verdict, split check and the variant against control, and the \
            exact command or request (secrets masked); asks for confirmation (the experiment's \
            name) unless --yes; performs the action and audits it. `llmdeck rollback EXPERIMENT \
            --experiment` returns all traffic to control the same way. Exit 0 done, 1 the action \
            failed or was refused, 2 bad input.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The experiment.")
    var experiment: String

    @Argument(help: "The variant to promote.")
    var variant: String

    @OptionGroup var action: ActionFlags

    func run() async throws {
        try await ExperimentActionCommand.run(
            .promote,
            experiment: experiment,
            variant: variant,
            global: global,
            options: action
        )
    }
}

/// The options every action command takes (`rollback`, `rollback --experiment`, `promote`).
struct ActionFlags: ParsableArguments {
    @Option(help: "Why: recorded in the audit and passed to the action as {{reason}}.")
    var reason: String

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan and the exact command or request; do nothing.")
    var dryRun = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .customLong("read-only"), help: "Refuse the action (as actions.read_only).")
    var readOnly = false

    @Option(help: "Who acts (default: $USER).")
    var actor: String?
}

/// Plans, confirms, performs and audits an experiment's promote or rollback.
enum ExperimentActionCommand {
    static func run(
        _ kind: ExperimentActionPlan.Kind,
        experiment: String,
        variant: String?,
        global: GlobalOptions,
        options: ActionFlags
    ) async throws {
        let command = kind == .promote ? "promote" : "rollback"
        let bad = { (message: String) -> ExitCode in
            CommandBridge.printError("llmdeck \(command): \(message)")
            return ExitCode(2)
        }
        let configuration = try global.loadConfiguration()
        let reason = options.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw bad("--reason must say why") }
        let actor = ConsoleCommand.actorName(options.actor)
        guard !actor.isEmpty else { throw bad("who acts is unknown: set $USER or pass --actor") }
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw bad("no store at \(path); start `llmdeck collect` first")
        }
        let store: Store
        let plan: ExperimentActionPlan
        do {
            store = try Store(path: path)
            plan = try ExperimentActionPlan.make(
                kind,
                experiment: experiment,
                variant: variant,
                config: configuration,
                actor: actor,
                reason: reason,
                store: store,
                environment: ProcessInfo.processInfo.environment,
                now: RollbackCommand.now()
            )
        } catch let error as RollbackError {
            throw bad(error.description)
        } catch {
            throw bad("cannot open the store \(path): \(error)")
        }
        guard let request = plan.request else { throw bad(plan.requestProblem ?? "no action") }
        let clean = { (text: String) in TextSanitizer.sanitize(text) }
        if !options.json {
            let what =
                kind == .promote
                ? "promote \(clean(plan.variant)) in" : "roll back to control (\(clean(plan.control))) in"
            print("\(what) experiment \(clean(plan.experiment))")
            print("  verdict: \(clean(plan.report?.verdict ?? "no data in the store"))")
            if plan.report?.sampleRatio?.isMismatch == true {
                print("  sample-ratio mismatch: the split is not as expected")
            }
            print("  will run:")
            print(RollbackText.indented(request.display))
        }
        if options.dryRun {
            if options.json { print(json(plan, outcome: nil, auditID: nil).text) }
            return
        }
        if !options.yes {
            guard isatty(STDIN_FILENO) == 1 else { throw bad("not a terminal: pass --yes to confirm") }
            print("type the experiment's name to go on: ", terminator: "")
            fflush(nil)
            guard readLine()?.trimmingCharacters(in: .whitespaces) == plan.experiment else {
                print("cancelled; nothing was done")
                throw ExitCode(2)
            }
        }
        let executor = ActionExecutor(readOnly: options.readOnly || configuration.actions.readOnly)
        let (outcome, auditID) = await plan.perform(
            with: executor,
            store: store,
            actor: actor,
            reason: reason,
            now: RollbackCommand.now
        )
        if options.json {
            print(json(plan, outcome: outcome, auditID: auditID).text)
        } else {
            print("\(outcome.status.rawValue): \(clean(outcome.detail))")
            if !outcome.output.isEmpty { print(RollbackText.indented(outcome.output)) }
        }
        if outcome.status != .done { throw ExitCode(1) }
    }

    static func json(_ plan: ExperimentActionPlan, outcome: ActionOutcome?, auditID: Int64?) -> JSONValue {
        .object([
            "action": .string(plan.kind.rawValue),
            "experiment": .string(plan.experiment),
            "variant": .string(plan.variant),
            "control": .string(plan.control),
            "request": .string(plan.request?.display),
            "evidence": plan.evidence,
            "outcome": .string(outcome?.status.rawValue),
            "detail": .string(outcome?.detail),
            "output": .string(outcome?.output),
            "audit_id": auditID.map { .integer($0) } ?? .null,
        ])
    }
}
