import ArgumentParser

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck-bench",
        abstract: "Prints llmdeck's performance figures, each with the command that reproduces it.",
        subcommands: [ParserBench.self, StoreBench.self, RenderBench.self]
    )
}
