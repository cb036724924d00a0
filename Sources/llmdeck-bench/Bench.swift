import ArgumentParser

@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llmdeck-bench",
        abstract: "Prints llmdeck's performance figures, each with the command that reproduces it.",
        subcommands: [
            ParserBench.self, StoreBench.self, RenderBench.self, SimulatorBench.self, CollectorBench.self,
            ConsoleBench.self, FleetScaleBench.self, ABBench.self, PrometheusBench.self,
        ]
    )
}
