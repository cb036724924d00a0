import ArgumentParser
import Dispatch
import Foundation
import Simulator
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Figures for the simulator: start-up of a large fleet, its idle footprint, and the cost of a scrape round.
struct SimulatorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Start N fake servers, then scrape every /metrics page once."
    )

    @Option(help: "Number of fake servers.")
    var count = 1000

    @Option(name: .customLong("time-scale"), help: "Simulated seconds per wall second (traffic to generate).")
    var timeScale = 1.0

    func run() throws {
        let command = "swift run -c release llmdeck-bench simulator --count \(count) --time-scale \(timeScale)"
        let count = self.count
        let timeScale = self.timeScale
        let done = DispatchSemaphore(value: 0)
        let lines = BenchReport()
        Task {
            defer { done.signal() }
            let options = SimulatorOptions(count: count, basePort: 0, seed: 1, scenario: .demo, timeScale: timeScale)
            let fleet = FleetSimulator(options: options)
            let started = Date()
            guard let servers = try? await fleet.start() else {
                lines.append("could not start \(count) servers (file descriptor limit? try ulimit -n)")
                return
            }
            let startSeconds = Date().timeIntervalSince(started)
            lines.append(
                String(format: "start %d servers: %.3f s, RSS %.1f MiB", count, startSeconds, ProcFS.rssMegabytes())
            )
            let session = URLSession(configuration: .ephemeral)
            for round in 1...2 {
                let roundStart = Date()
                var bytes = 0
                var failures = 0
                for server in servers {
                    guard let url = URL(string: server.url + "/metrics"),
                        let (data, _) = try? await session.data(from: url)
                    else {
                        failures += 1
                        continue
                    }
                    bytes += data.count
                }
                let seconds = Date().timeIntervalSince(roundStart)
                lines.append(
                    String(
                        format: "scrape round %d: %d pages, %.1f MiB, %.3f s (%.2f ms/page), %d failed, RSS %.1f MiB",
                        round,
                        servers.count,
                        Double(bytes) / 1_048_576,
                        seconds,
                        seconds * 1000 / Double(max(servers.count, 1)),
                        failures,
                        ProcFS.rssMegabytes()
                    )
                )
            }
            session.invalidateAndCancel()
            await fleet.stop()
        }
        done.wait()
        for line in lines.all() {
            print("\(line)\n  reproduce: \(command)")
        }
    }

}

/// Output lines collected by the benchmark task, printed by the command once the task ends.
final class BenchReport: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    func all() -> [String] {
        lines.withLock { $0 }
    }
}
