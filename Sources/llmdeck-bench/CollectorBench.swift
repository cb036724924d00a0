import ArgumentParser
import Collector
import Dispatch
import Fleet
import Foundation
import HTTP
import Simulator
import Store
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The collector on a large simulated fleet: CPU share of one core, missed intervals, peak RSS.
///
/// The simulator runs in a child process (this binary re-executed with `--serve-simulator`), so the
/// figures are the collector's own: `getrusage(RUSAGE_SELF)` covers the polling, parsing, ingest and
/// SQLite writes, and nothing of the fake servers.
struct CollectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collector",
        abstract: "Poll a simulated fleet and print the collector's CPU share, missed intervals and peak RSS."
    )

    @Option(help: "Simulated targets.")
    var targets = 1000

    @Option(help: "Seconds between polls of each target.")
    var interval = 5.0

    @Option(help: "Seconds to measure.")
    var duration = 60.0

    @Option(help: "First port of the simulated fleet (consecutive ports).")
    var basePort = 21000

    @Flag(help: "Evaluate the built-in alert rules and drift after every write, as llmdeck collect does.")
    var alerts = false

    @Option(help: .hidden)
    var serveSimulator: Int?

    func run() throws {
        if let count = serveSimulator {
            serve(count)
            return
        }
        MallocArenas.limit()  // as `llmdeck` does at start
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["collector", "--serve-simulator", String(targets), "--base-port", String(basePort)]
        try child.run()
        defer {
            child.terminate()
            child.waitUntilExit()
        }
        let figures = try Self.wait {
            try await measure()
        }
        let command =
            "swift run -c release llmdeck-bench collector --targets \(targets) --interval \(interval) "
            + "--duration \(duration)" + (alerts ? " --alerts" : "")
        print("collector: \(targets) targets every \(interval) s for \(duration) s  (\(command))")
        print(String(format: "  CPU share of one core   %.1f %% (whole run)", figures.cpuShare * 100))
        print(
            String(
                format:
                    "                          %.1f %% after the first %.0f s (first polls, full parses, new series)",
                figures.steadyCPUShare * 100,
                figures.warmUpSeconds
            )
        )
        print("  missed intervals        \(figures.missed)")
        print("  polls                   \(figures.polls) (expected about \(figures.expectedPolls))")
        print("  pages read by layout    \(figures.readByLayout) (parsed in full: \(figures.parsed))")
        print("  peak RSS                \(figures.peakRSSMegabytes) MB")
        print("  batches written         \(figures.batches)")
        print(String(format: "  mean poll duration      %.3f s", figures.meanPollSeconds))
        if let ticks = figures.alertTicks, !ticks.isEmpty {
            let sorted = ticks.sorted()
            print(
                String(
                    format: "  alert evaluator         %d evaluations, CPU per evaluation %.1f ms median, %.1f ms max, "
                        + "%.2f %% of a core",
                    ticks.count,
                    sorted[sorted.count / 2],
                    sorted.last ?? 0,
                    ticks.reduce(0, +) / 1000 / duration * 100
                )
            )
        }
    }

    struct Figures: Sendable {
        var cpuShare: Double
        var warmUpSeconds: Double
        var steadyCPUShare: Double
        var missed: Int
        var polls: Int
        var expectedPolls: Int
        var peakRSSMegabytes: Int
        var batches: Int
        var meanPollSeconds: Double
        var readByLayout: Int
        var parsed: Int
        /// CPU milliseconds of each alert evaluation (with `--alerts`).
        var alertTicks: [Double]?
    }

    func measure() async throws -> Figures {
        try await waitForFleet()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("llmdeck-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store(path: directory.appendingPathComponent("bench.sqlite").path)
        let fleet = try (0..<targets).map { index in
            try ScrapeTarget(
                name: "sim-\(index)",
                url: "http://127.0.0.1:\(basePort + index)",
                kind: nil,
                interval: interval,
                timeout: min(interval, 10)
            )
        }
        var options = Collector.Options()
        let ticks = Mutex<[Double]>([])
        if alerts {
            let evaluator = AlertEvaluator(store: store)
            options.afterFlush = { now in
                let started = Self.threadCPUSeconds()
                guard (try? evaluator.evaluate(now: now)) != nil else { return }
                let spent = (Self.threadCPUSeconds() - started) * 1000
                ticks.withLock { $0.append(spent) }
            }
        }
        let collector = PollingCollector(targets: fleet, store: store, options: options)
        if let note = collector.fileLimitNote { FileHandle.standardError.write(Data("collector: \(note)\n".utf8)) }
        let before = Self.cpuSeconds()
        let task = Task { await collector.run() }
        // The first two intervals prime every target (kind detection, a full parse, a plan, the
        // store's series): measured apart from the steady state that follows.
        let warmUp = min(2 * interval, duration / 2)
        try await Task.sleep(for: .seconds(warmUp))
        let afterWarmUp = Self.cpuSeconds()
        try await Task.sleep(for: .seconds(duration - warmUp))
        let steady = Self.cpuSeconds() - afterWarmUp
        task.cancel()
        await task.value
        let cpu = Self.cpuSeconds() - before
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let durations = try fleet.prefix(50).flatMap { try store.scrapes(target: $0.name, limit: 1000) }
            .map(\.durationSeconds)
        return Figures(
            cpuShare: cpu / duration,
            warmUpSeconds: warmUp,
            steadyCPUShare: steady / (duration - warmUp),
            missed: collector.statistics.missedIntervals,
            polls: collector.statistics.totalPolls,
            expectedPolls: Int(Double(targets) * duration / interval),
            peakRSSMegabytes: usage.ru_maxrss / 1024,
            batches: await collector.batchesWritten,
            meanPollSeconds: durations.isEmpty ? 0 : durations.reduce(0, +) / Double(durations.count),
            readByLayout: collector.statistics.pagesReadByLayout,
            parsed: collector.statistics.pagesParsed,
            alertTicks: alerts ? ticks.withLock { $0 } : nil
        )
    }

    /// Waits until the last simulated server answers, so polling starts on a listening fleet.
    func waitForFleet() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let last = "http://127.0.0.1:\(basePort + targets - 1)/health"
        for _ in 0..<600 {
            if case .success(let response) = await client.send(HTTPRequest(url: last, timeout: 1)),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the simulated fleet did not start on ports \(basePort)…\(basePort + targets - 1)")
    }

    /// Child mode: serve `count` fake servers until terminated.
    func serve(_ count: Int) {
        let options = SimulatorOptions(count: count, basePort: basePort, scenario: .none)
        Self.wait {
            let simulator = FleetSimulator(options: options)
            do {
                _ = try await simulator.start()
            } catch {
                FileHandle.standardError.write(Data("simulator: \(error)\n".utf8))
                return
            }
            while true { try? await Task.sleep(for: .seconds(3600)) }
        }
    }

    /// User plus system CPU seconds of this process.
    /// CPU seconds of the calling thread.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Runs async work from this synchronous command and blocks until it finishes.
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        Task {
            do { box.result = .success(try await operation()) } catch { box.result = .failure(error) }
            box.done.signal()
        }
        box.done.wait()
        guard let result = box.result else { throw ValidationError("benchmark finished without a result") }
        return try result.get()
    }

    static func wait(_ operation: @escaping @Sendable () async -> Void) {
        _ = try? wait { () async throws -> Bool in
            await operation()
            return true
        }
    }
}

/// The result of `CollectorBench.wait`: written once before `done` is signalled, read after.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
    let done = DispatchSemaphore(value: 0)
}
