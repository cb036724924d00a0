import ArgumentParser
import Collector

@main
struct LLMDeck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck",
        abstract: "A terminal operations console for LLM serving fleets.",
        discussion: """
            With no subcommand, opens the console: with the collector in-process on the configured \
            deployments, or as a view of a store another `llmdeck collect` writes (--db FILE; only \
            acknowledgements and silences are written there, none with --read-only).
            """,
        subcommands: [
            ConsoleCommand.self, DemoCommand.self, CollectCommand.self, StatusCommand.self, ProbeCommand.self,
            CheckConfigCommand.self, SimCommand.self, ABCommand.self, AlertsCommand.self, AuditCommand.self,
            RollbackCommand.self, PromoteCommand.self, SilencesCommand.self, PromQLCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )

    /// Sets process-wide allocator limits before any thread starts, then runs the command.
    static func main() async {
        MallocArenas.limit()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
