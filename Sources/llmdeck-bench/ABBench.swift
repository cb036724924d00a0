import ArgumentParser
import Console
import Fleet
import Foundation
import Store
import Terminal
import Vocabulary

/// `llmdeck ab --json` and one Experiments pane refresh on a 7-day store with 20 experiments ×
/// 3 variants across 100 deployments (goal < 50 ms each, release).
struct ABBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ab",
        abstract: "llmdeck ab --json and one Experiments pane refresh on a 7-day store (goal < 50 ms each)."
    )

    @Option(help: "Deployments in the generated store; deployment i serves experiment i mod --experiments.")
    var deployments = 100

    @Option(help: "Experiments in the generated store.")
    var experiments = 20

    @Option(help: "Days of history.")
    var days = 7

    @Option(help: "Runs per figure (the median is printed).")
    var runs = 11

    func run() throws {
        let history = ExperimentHistory(deployments: deployments, experiments: experiments, days: days)
        let path = try history.prepare()
        let flags = "--deployments \(deployments) --experiments \(experiments) --days \(days) --runs \(runs)"
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("llmdeck").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError(
                "no llmdeck binary next to the bench at \(binary): swift build -c release --static-swift-stdlib --product llmdeck"
            )
        }
        // The collector saves the experiments' checkpoints after every maintenance pass (once a
        // minute): this is that pass, timed from scratch (no checkpoint) and then resumed.
        let writer = try Store(path: path)
        var cold = ExperimentReader(store: writer)
        cold.resumes = false
        var coldTimes: [Double] = []
        for _ in 0..<max(1, runs / 4) {
            let started = monotonicNanoseconds()
            _ = try cold.reports(now: ConsoleApp.now())
            coldTimes.append(Double(monotonicNanoseconds() - started) / 1e6)
        }
        var started = monotonicNanoseconds()
        try ExperimentReader(store: writer).saveCheckpoints(now: ConsoleApp.now())
        let firstSave = Double(monotonicNanoseconds() - started) / 1e6
        started = monotonicNanoseconds()
        try ExperimentReader(store: writer).saveCheckpoints(now: ConsoleApp.now())
        let nextSave = Double(monotonicNanoseconds() - started) / 1e6
        var commandTimes: [Double] = []
        for _ in 0..<runs {
            let started = monotonicNanoseconds()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["ab", "--json", "--db", path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("llmdeck ab exited \(process.terminationStatus)")
            }
            commandTimes.append(Double(monotonicNanoseconds() - started) / 1e6)
        }
        // Where a command's time goes, in this process: opening the store, reading the
        // experiments (from the checkpoints on), writing the JSON.
        var parts: (open: [Double], read: [Double], json: [Double]) = ([], [], [])
        for _ in 0..<runs {
            var started = monotonicNanoseconds()
            let opened = try Store(path: path, readOnly: true)
            parts.open.append(Double(monotonicNanoseconds() - started) / 1e6)
            started = monotonicNanoseconds()
            let reports = try ExperimentReader(store: opened).reports(now: ConsoleApp.now())
            parts.read.append(Double(monotonicNanoseconds() - started) / 1e6)
            started = monotonicNanoseconds()
            _ = JSONValue.array(reports.map(\.json)).text
            parts.json.append(Double(monotonicNanoseconds() - started) / 1e6)
        }
        let store = try Store(path: path, readOnly: true)
        var state = AppState(width: 200, height: 60, now: ConsoleApp.now())
        state.pane = .experiments
        var refreshTimes: [Double] = []
        var found = 0
        for _ in 0..<runs {
            // A fresh reader each run: a refresh that reads the experiments (the console reuses
            // them for `SnapshotReader.experimentLifetime` between such refreshes).
            let reader = SnapshotReader(store: store) { ConsoleApp.now() }
            let started = monotonicNanoseconds()
            let snapshot = reader.read(ConsoleRegistry.standard.readRequest(for: state))
            _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
            _ = ConsoleView.render(state)
            refreshTimes.append(Double(monotonicNanoseconds() - started) / 1e6)
            found = snapshot.experiments?.count ?? 0
        }
        let sorted = (commandTimes.sorted(), refreshTimes.sorted())
        print("experiments read: \(found), \(experiments) × 3 variants over \(deployments) deployments, \(days) days")
        print(
            String(
                format: "every experiment read from its start (no checkpoint): %.1f ms median of %d",
                coldTimes.sorted()[coldTimes.count / 2],
                coldTimes.count
            )
        )
        print(
            String(
                format: "collector's checkpoint pass: %.1f ms from the last checkpoint, %.1f ms the pass after",
                firstSave,
                nextSave
            )
        )
        print(
            String(
                format: "llmdeck ab --json (process start to exit): %.1f ms median, %.1f–%.1f ms",
                sorted.0[runs / 2],
                sorted.0.first ?? 0,
                sorted.0.last ?? 0
            )
        )
        print(
            String(
                format: "  of which, in-process medians: open the store %.1f ms, read %.1f ms, encode JSON %.1f ms",
                parts.open.sorted()[runs / 2],
                parts.read.sorted()[runs / 2],
                parts.json.sorted()[runs / 2]
            )
        )
        print(
            String(
                format: "Experiments pane refresh (read + reduce + render 200×60): %.1f ms median, %.1f–%.1f ms",
                sorted.1[runs / 2],
                sorted.1.first ?? 0,
                sorted.1.last ?? 0
            )
        )
        print(
            "  reproduce: swift build -c release --static-swift-stdlib --product llmdeck && swift run -c release --static-swift-stdlib llmdeck-bench ab \(flags)"
        )
    }
}

/// A store with `days` of prompt-experiment history, generated once and cached under
/// `.build/bench-cache/`: per deployment, its experiment's three variants' success and failure
/// counters and latency histograms, at 5-minute spacing (5 s in the last hour), rolled up and
/// with raw rows beyond 48 h deleted, as a collector would leave it.
struct ExperimentHistory {
    var deployments: Int
    var experiments: Int
    var days: Int

    static let bounds: [Double] = [0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, .infinity]

    var path: String {
        FileManager.default.currentDirectoryPath
            + "/.build/bench-cache/ab-\(deployments)x\(experiments)x\(days)d-v1.sqlite"
    }

    func prepare() throws -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        let started = monotonicNanoseconds()
        try generate(into: partial)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: partial + suffix) {
            try FileManager.default.moveItem(atPath: partial + suffix, toPath: path + suffix)
        }
        print(String(format: "store: %@ (generated in %.0f s)", path, Double(monotonicNanoseconds() - started) / 1e9))
        return path
    }

    private struct Variant {
        var success: Int64
        var failure: Int64
        var latency: Int64
        var rate: Double
    }

    private func generate(into file: String) throws {
        let store = try Store(path: file)
        let now = ConsoleApp.now()
        let hour: Int64 = 3_600_000
        let start = now - Int64(days) * 24 * hour
        var series: [[Variant]] = []
        for index in 0..<deployments {
            let target = "bench-\(index)"
            let experiment = "experiment-\(index % max(1, experiments))"
            series.append(
                try ["a", "b", "c"].enumerated().map { number, variant in
                    func labels(_ outcome: String?) -> String {
                        "experiment=\"\(experiment)\"" + (outcome.map { ",outcome=\"\($0)\"" } ?? "")
                            + ",variant=\"\(variant)\""
                    }
                    let ids = try store.seriesIDs(for: [
                        SeriesKey(
                            target: target,
                            name: "llm_prompt_requests_total",
                            labels: labels("success"),
                            kind: .counter
                        ),
                        SeriesKey(
                            target: target,
                            name: "llm_prompt_requests_total",
                            labels: labels("failure"),
                            kind: .counter
                        ),
                        SeriesKey(
                            target: target,
                            name: "llm_prompt_latency_seconds",
                            labels: labels(nil),
                            kind: .histogram,
                            bucketBounds: Self.bounds
                        ),
                    ])
                    return Variant(
                        success: ids[0],
                        failure: ids[1],
                        latency: ids[2],
                        rate: 0.85 + 0.01 * Double(number)
                    )
                }
            )
        }
        var batch = StoreBatch()
        var ts = start
        var ticks = 0
        while ts <= now {
            let spacing: Int64 = now - ts > hour ? 300_000 : 5_000
            let requests = Double(spacing) / 1000 * 0.2
            for variants in series {
                for variant in variants {
                    let successes = (requests * variant.rate).rounded()
                    batch.counterIncrements.append(PointRecord(seriesID: variant.success, ts: ts, value: successes))
                    batch.counterIncrements.append(
                        PointRecord(seriesID: variant.failure, ts: ts, value: requests - successes)
                    )
                    let shape = Self.bounds.indices.map { index in (requests * min(1, Double(index + 1) / 8)).rounded()
                    }
                    batch.histogramIncrements.append(
                        HistogramRecord(
                            seriesID: variant.latency,
                            ts: ts,
                            count: requests,
                            sum: requests * 1.8,
                            buckets: shape
                        )
                    )
                }
            }
            ticks += 1
            ts += spacing
            if ticks % 24 == 0 || ts > now {
                try store.write(batch)
                try store.rollUp(now: ts)
                batch = StoreBatch()
            }
        }
        try store.rollUp(now: now)
        try store.applyRetention(now: now, raw: 48 * hour, minute: 30 * 24 * hour, hour: 365 * 24 * hour)
    }
}
