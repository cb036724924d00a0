import ArgumentParser

@main
struct LLMDeck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck",
        abstract: "A terminal operations console for LLM serving fleets.",
        discussion: """
            With no subcommand, opens the console: with the collector in-process on the configured \
            deployments, or as a read-only view of a store another `llmdeck collect` writes (--db FILE).
            """,
        subcommands: [
            ConsoleCommand.self, DemoCommand.self, CollectCommand.self, StatusCommand.self, ProbeCommand.self,
            CheckConfigCommand.self, SimCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self
    )
}
