import ArgumentParser
import Exposition
import Foundation

/// Exposition parser throughput per fixture, in MB/s (10^6 bytes per second), by wall
/// clock and by this process's CPU time (the CPU figure stays meaningful on a shared machine).
struct ParserBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parser",
        abstract: "Parses each Tests/Fixtures/*.prom repeatedly and prints MB/s per fixture."
    )

    @Option(help: "Directory holding the .prom fixtures.")
    var fixtures = "Tests/Fixtures"

    @Option(help: "Only this fixture file name (default: every .prom file).")
    var fixture: String?

    @Option(help: "Minimum measuring time per fixture, in seconds.")
    var seconds = 0.5

    func run() throws {
        let names =
            try fixture.map { [$0] }
            ?? FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".prom") }.sorted()
        guard !names.isEmpty else { throw ValidationError("no .prom files in \(fixtures)") }
        print("Exposition parser throughput (release build, Prometheus text 0.0.4, \(seconds) s per fixture)")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures).appendingPathComponent(name)))
            let families = try ExpositionParser.parse(bytes, format: .prometheusText)
            let reusable = ReusableExpositionParser()
            let modes: [(String, () throws -> Int)] = [
                (
                    "one-shot ExpositionParser.parse",
                    { try ExpositionParser.parse(bytes, format: .prometheusText).count }
                ),
                (
                    "ReusableExpositionParser (kept per target)",
                    { try reusable.parse(bytes, format: .prometheusText).count }
                ),
            ]
            print("\(name)  \(bytes.count) B  \(families.count) families")
            for (mode, parse) in modes {
                _ = try parse()
                let (wall, cpu, perParse) = try measure(bytes: bytes.count, parse)
                print(
                    "    \(mode.padding(toLength: 44, withPad: " ", startingAt: 0))"
                        + String(format: "%8.1f MB/s wall  %8.1f MB/s CPU  %8.1f µs/parse", wall, cpu, perParse)
                )
            }
            print("    reproduce: swift run -c release llmdeck-bench parser --fixture \(name)")
        }
    }

    /// Runs `parse` for at least `seconds`; MB/s by wall clock and by CPU time, and µs per parse.
    func measure(bytes: Int, _ parse: () throws -> Int) throws -> (Double, Double, Double) {
        let clock = ContinuousClock()
        var iterations = 0
        var families = 0
        let start = clock.now
        let cpuStart = Self.processCPUSeconds()
        var elapsed = Duration.zero
        while elapsed < .seconds(seconds) {
            for _ in 0..<20 { families &+= try parse() }
            iterations += 20
            elapsed = clock.now - start
        }
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let cpuSeconds = Self.processCPUSeconds() - cpuStart
        guard families > 0 else { throw ValidationError("the payload parsed into no families") }
        return (
            Double(bytes * iterations) / elapsedSeconds / 1e6,
            Double(bytes * iterations) / cpuSeconds / 1e6,
            elapsedSeconds / Double(iterations) * 1e6
        )
    }

    /// CPU seconds this process has used (user + system).
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
