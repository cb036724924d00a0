import ArgumentParser
import Fleet
import Foundation
import Store
import Vocabulary

/// `llmdeck ab [EXPERIMENT]`: prompt experiments read from the store, with a verdict.
struct ABCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "Print each prompt experiment's variants, comparisons against control and verdict.",
        discussion: """
            Reads the store that `llmdeck collect` (or the console) writes; safe while it runs. \
            Experiments are discovered from llm_prompt_* metrics on any target and summed across \
            targets, since each experiment started. Always-valid p-values stay valid however often \
            this is run. --json: {"experiments": [...]}, null where a value is not exported.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Only this experiment.")
    var experiment: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let configuration = try global.loadConfiguration()
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            CommandBridge.printError("llmdeck ab: no store at \(path); start `llmdeck collect` first")
            throw ExitCode(2)
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        var reports: [ExperimentReport]
        do {
            let store = try Store(path: path, readOnly: true)
            let reader = ExperimentReader(
                store: store,
                rules: ExperimentRules(configuration.experiments, retention: configuration.store.retention),
                pricing: configuration.pricing
            )
            reports = try reader.reports(now: now)
        } catch {
            CommandBridge.printError("llmdeck ab: cannot read store \(path): \(error)")
            throw ExitCode(2)
        }
        if let experiment {
            guard let match = reports.first(where: { $0.name == experiment }) else {
                let known = reports.map { TextSanitizer.sanitize($0.name) }.joined(separator: ", ")
                CommandBridge.printError(
                    "llmdeck ab: no experiment \(TextSanitizer.sanitize(experiment)) in the store"
                        + (known.isEmpty ? "" : "; known: \(known)")
                )
                throw ExitCode(2)
            }
            reports = [match]
        }
        if json {
            print(JSONValue.object(["experiments": .array(reports.map(\.json))]).text)
        } else if reports.isEmpty {
            print("no experiments in the store (llm_prompt_requests_total{experiment,variant,outcome} on any target)")
        } else {
            print(reports.map { ExperimentText.render($0, now: now) }.joined(separator: "\n"), terminator: "")
        }
    }
}
