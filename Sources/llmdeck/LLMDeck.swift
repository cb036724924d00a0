import ArgumentParser

@main
struct LLMDeck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck",
        abstract: "A terminal operations console for LLM serving fleets.",
        subcommands: [
            CollectCommand.self, StatusCommand.self, ProbeCommand.self, CheckConfigCommand.self, SimCommand.self,
        ]
    )
}
