import Analysis
import ArgumentParser
import Collector
import Config
import Fleet
import Foundation
import HTTP
import Store

/// Store figures: ingest rate of counter increments and the time to read a 24 h p95 series
/// from 1-minute rollups.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Store ingest increments/s and 24 h p95 series read time (goals: ≥ 500k/s, < 5 ms)."
    )

    @Option(help: "Targets per tick.")
    var targets = 1_000

    @Option(help: "Counter series per target.")
    var series = 50

    @Option(help: "Gauge series per target, added to the counters (a vLLM scrape has about 8).")
    var gauges = 0

    @Option(help: "Histogram series per target (16 bounds each; a vLLM scrape has about 10).")
    var histograms = 0

    @Option(help: "Ticks (batches) to write; each is one transaction of targets × series increments.")
    var ticks = 20

    @Flag(help: "Also call rollUp(now:) after every tick, as the collector does, and count its time.")
    var rollUp = false

    @Option(help: "Times to repeat the 24 h p95 read; the median is printed.")
    var reads = 50

    @Option(help: "Directory for the benchmark database (a fresh temporary directory by default).")
    var directory: String?

    @Option(
        help: """
            Only time the status reads on this existing store (read-only): every deployment's status over \
            1 minute, per deployment and fleet-wide (e.g. .build/bench-cache/console-100x7d-v1.sqlite \
            from `llmdeck-bench console`).
            """
    )
    var statusDB: String?

    @Option(help: "Times to repeat each status read with --status-db; the median is printed.")
    var statusRuns = 11

    @Option(
        help: """
            Only measure the collector's write path for this many 1-second ticks: --targets fixture servers \
            (vLLM, TGI, llama.cpp) polled every 5 s, a fifth of them a tick, through StoreWriter.
            """
    )
    var collectorTicks: Int?

    @Option(help: "Fresh stores to run --collector-ticks on; the median CPU per tick is printed.")
    var collectorRuns = 5

    @Option(help: "Directory of the vllm/tgi/llamacpp_metrics.prom fixtures for --collector-ticks.")
    var fixtures = "Tests/Fixtures"

    func run() throws {
        if let statusDB {
            try measureStatusReads(path: statusDB)
            return
        }
        if let collectorTicks {
            try measureCollectorTicks(collectorTicks)
            return
        }
        let root = directory ?? FileManager.default.temporaryDirectory.path
        let folder = URL(fileURLWithPath: root).appendingPathComponent("llmdeck-store-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("bench.sqlite").path)
        var command =
            "swift run -c release llmdeck-bench store --targets \(targets) --series \(series) --ticks \(ticks)"
        if gauges > 0 { command += " --gauges \(gauges)" }
        if histograms > 0 { command += " --histograms \(histograms)" }
        if rollUp { command += " --roll-up" }

        let ingest = try measureIngest(store)
        print(
            String(
                format:
                    """
                    store ingest: %.0f increments/s wall, %.0f per thread CPU-second, %.0f per process CPU-second \
                    (getrusage user+sys) (%d ticks of %d: %d counters, %d gauges, %d histograms; one transaction each%@; \
                    goal ≥ 500000)
                    """,
                ingest.wall,
                ingest.cpu,
                ingest.processCPU,
                ticks,
                targets * (series + gauges + histograms),
                targets * series,
                targets * gauges,
                targets * histograms,
                rollUp ? ", rollUp after each" : ""
            )
        )
        print("  reproduce: \(command)")

        let read = try measureP95Read(store)
        print(
            String(
                format:
                    "store 24 h p95 series from 1-minute rollups: %.3f ms wall, %.3f ms CPU, medians (%d points, %d reads; goal < 5 ms)",
                read.milliseconds,
                read.cpuMilliseconds,
                read.points,
                reads
            )
        )
        print("  reproduce: swift run -c release llmdeck-bench store --reads \(reads)")
    }

    /// CPU seconds (process user+sys, `getrusage`) of `StoreWriter.write` per collector tick: each
    /// tick hands it the observations of a fifth of `targets` fixture servers (a third each of
    /// vLLM, TGI and llama.cpp pages, values advancing between polls), read as the collector reads
    /// them (full parse on a target's first poll, by layout after), plus a scrape row each. Only
    /// the writes are timed; page rendering and reading are not. The first two polls of every
    /// target (priming, series creation, plan making) are left out: the figure is the steady
    /// state. Median over `collectorRuns` fresh stores of each run's mean.
    private func measureCollectorTicks(_ ticks: Int) throws {
        let kinds: [(ServerKind, String)] = [(.vllm, "vllm"), (.tgi, "tgi"), (.llamacpp, "llamacpp")]
        let pages = try kinds.map { kind, file in
            let url = URL(fileURLWithPath: fixtures).appendingPathComponent("\(file)_metrics.prom")
            do {
                return (kind, AdvancingPage(try String(contentsOf: url, encoding: .utf8)))
            } catch {
                throw ValidationError(
                    "cannot read \(url.path) (run from the package root or pass --fixtures): \(error)"
                )
            }
        }
        let perTick = max(1, targets / 5)
        let warmUp = 2 * ((targets + perTick - 1) / perTick)
        guard ticks > warmUp else {
            throw ValidationError("--collector-ticks must be over \(warmUp) (two polls a target)")
        }
        var means: [Double] = []
        var seriesCount = 0
        var failedPolls = 0
        for _ in 0..<max(1, collectorRuns) {
            let root = directory ?? FileManager.default.temporaryDirectory.path
            let folder = URL(fileURLWithPath: root).appendingPathComponent("llmdeck-store-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try Store(path: folder.appendingPathComponent("bench.sqlite").path)
            let writer = StoreWriter(store: store) { print($0) }
            var plans = [ScrapePlan?](repeating: nil, count: targets)
            var polls = [Int](repeating: 0, count: targets)
            var steady = 0.0
            let start: Int64 = 1_764_000_000_000
            for tick in 0..<ticks {
                var observations: [TargetObservation] = []
                var batch = StoreBatch()
                for slot in 0..<perTick {
                    // Polls complete in no particular order: visit the tick's targets in a fixed shuffle.
                    let target = (tick * perTick + (slot * 7_919) % perTick) % targets
                    let (kind, page) = pages[target % pages.count]
                    let name = "deployment-\(target)"
                    let ts = start + Int64(tick) * 1_000 + Int64(slot * 1_000 / perTick)
                    // The page answered as the target's /metrics and read as the collector reads it.
                    let body = page.render(poll: polls[target], target: target)
                    var observation = TargetScraper.observation(
                        of: try ScrapeTarget(name: name, url: "http://" + name, kind: kind),
                        kind: kind,
                        answers: ["metrics": .success(HTTPResponse(status: 200, headers: [], body: body, duration: 0))],
                        plan: plans[target],
                        maxResponseBytes: Int.max
                    )
                    observation.timestamp = ts
                    plans[target] = observation.plan
                    if polls[target] == 0 {
                        batch.targets.append(
                            TargetRecord(
                                name: name,
                                url: observation.url,
                                kind: kind.rawValue,
                                environment: "production"
                            )
                        )
                    }
                    polls[target] += 1
                    batch.scrapes.append(
                        ScrapeRecord(
                            target: name,
                            ts: ts,
                            health: observation.health,
                            durationSeconds: 0.004,
                            bytes: observation.bytes,
                            error: observation.error
                        )
                    )
                    if observation.health != .up { failedPolls += 1 }
                    observations.append(observation)
                }
                let before = processCPUSeconds()
                let tickObservations = observations
                let tickBatch = batch
                CollectorBench.wait { await writer.write(tickObservations, tickBatch) }
                if tick >= warmUp { steady += processCPUSeconds() - before }
            }
            means.append(steady / Double(ticks - warmUp))
            seriesCount = try store.series(target: nil).count
        }
        let sorted = means.sorted()
        print(
            String(
                format: """
                    store collector ticks: %.3f ms CPU per tick (median of %d runs' means, min %.3f, max %.3f; \
                    getrusage user+sys around StoreWriter.write only; %d observations a tick from %d targets, \
                    %d steady ticks after %d warm-up; %d series, %d polls not up)
                    """,
                sorted[sorted.count / 2] * 1_000,
                sorted.count,
                (sorted.first ?? 0) * 1_000,
                (sorted.last ?? 0) * 1_000,
                perTick,
                targets,
                ticks - warmUp,
                warmUp,
                seriesCount,
                failedPolls
            )
        )
        print(
            "  reproduce: swift run -c release llmdeck-bench store --collector-ticks \(ticks) "
                + "--collector-runs \(collectorRuns) --targets \(targets)"
        )
    }

    /// Every deployment's 1-minute status on an existing store, ending at its newest poll:
    /// `deploymentStatus` per deployment (what the console did before) and one fleet-wide
    /// `deploymentStatuses`, medians of `statusRuns` (after one warm-up read each), wall and
    /// thread CPU.
    private func measureStatusReads(path: String) throws {
        let store = try Store(path: path, readOnly: true)
        let targets = try store.targets()
        let now = try targets.compactMap { try store.lastScrape(target: $0.name)?.ts }.max() ?? 0
        func time(_ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
            try body()
            var walls: [Double] = []
            var cpus: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<max(1, statusRuns) {
                let cpuStart = threadCPUSeconds()
                let elapsed = try clock.measure(body)
                cpus.append((threadCPUSeconds() - cpuStart) * 1_000)
                walls.append(seconds(elapsed) * 1_000)
            }
            return (walls.sorted()[walls.count / 2], cpus.sorted()[cpus.count / 2])
        }
        let reader = StatusReader(store: store)
        let single = try time {
            for target in targets { _ = try reader.status(of: target, window: 60_000, now: now) }
        }
        let fleet = try time { _ = try reader.statuses(window: 60_000, now: now) }
        let format = "store status, %d deployments, 1 m window, %@: %.2f ms wall, %.2f ms CPU, medians of %d"
        print(String(format: format, targets.count, "per deployment", single.wall, single.cpu, statusRuns))
        print(String(format: format, targets.count, "fleet-wide", fleet.wall, fleet.cpu, statusRuns))
        print("  reproduce: swift run -c release llmdeck-bench store --status-db \(path) --status-runs \(statusRuns)")
    }

    /// Increments per second over `ticks` batches of `targets × (series + gauges + histograms)`
    /// records (a histogram record counts as one increment), per wall-clock second, per second of
    /// this thread's CPU time and per second of the process's user+sys CPU time (`getrusage`,
    /// which includes SQLite's I/O system calls). The VM is shared, so wall time includes waiting
    /// for a core.
    private func measureIngest(_ store: Store) throws -> (wall: Double, cpu: Double, processCPU: Double) {
        let bounds: [Double] = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, .infinity]
        var keys: [SeriesKey] = []
        for target in 0..<targets {
            let labels = #"model_name="llama-3-8b""#
            for metric in 0..<series {
                keys.append(
                    SeriesKey(
                        target: "deployment-\(target)",
                        name: "vllm:metric_\(metric)_total",
                        labels: labels,
                        kind: .counter
                    )
                )
            }
            for metric in 0..<gauges {
                keys.append(
                    SeriesKey(
                        target: "deployment-\(target)",
                        name: "vllm:gauge_\(metric)",
                        labels: labels,
                        kind: .gauge
                    )
                )
            }
            for metric in 0..<histograms {
                keys.append(
                    SeriesKey(
                        target: "deployment-\(target)",
                        name: "vllm:histogram_\(metric)_seconds",
                        labels: labels,
                        kind: .histogram,
                        bucketBounds: bounds
                    )
                )
            }
        }
        let ids = try store.seriesIDs(for: keys)
        let start: Int64 = 1_764_000_000_000
        var elapsed: Duration = .zero
        var cpu = 0.0
        var processCPU = 0.0
        let clock = ContinuousClock()
        for tick in 0..<ticks {
            let ts = start + Int64(tick) * 5_000
            var batch = StoreBatch()
            for (key, id) in zip(keys, ids) {
                let value = Double((id &* 7 &+ Int64(tick)) % 13)
                switch key.kind {
                case .counter: batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: value))
                case .gauge: batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: value / 13))
                case .histogram:
                    var cumulative = 0.0
                    let buckets = bounds.indices.map { index in
                        cumulative += Double((id + Int64(tick) + Int64(index)) % 3)
                        return cumulative
                    }
                    batch.histogramIncrements.append(
                        HistogramRecord(
                            seriesID: id,
                            ts: ts,
                            count: cumulative,
                            sum: cumulative * 0.8,
                            buckets: buckets
                        )
                    )
                }
            }
            let cpuStart = threadCPUSeconds()
            let processStart = processCPUSeconds()
            elapsed += try clock.measure {
                try store.write(batch)
                if rollUp { try store.rollUp(now: ts) }
            }
            cpu += threadCPUSeconds() - cpuStart
            processCPU += processCPUSeconds() - processStart
        }
        let increments = Double(ticks * ids.count)
        try measureRecentRead(store, ids: Array(ids.prefix(series)), end: start + Int64(ticks - 1) * 5_000)
        return (increments / seconds(elapsed), increments / cpu, increments / processCPU)
    }

    /// Times a dashboard read of fresh data: one target's counters over the last 5 minutes (raw
    /// rows not rolled up yet, read from the time-ordered recent table), median of 21.
    private func measureRecentRead(_ store: Store, ids: [Int64], end: Int64) throws {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<21 {
            times.append(seconds(try clock.measure { _ = try store.counterTotal(ids, from: end - 300_000, to: end) }))
        }
        print(
            String(
                format: "store recent read: %.3f ms wall, median of 21 (%d counters of one target, last 5 minutes)",
                times.sorted()[10] * 1_000,
                ids.count
            )
        )
    }

    /// Writes 24 h of 5-second latency histogram increments, rolls them up, then times
    /// `histogramSeries` at a 1-minute step plus a p95 per point.
    private func measureP95Read(_ store: Store) throws -> (milliseconds: Double, cpuMilliseconds: Double, points: Int) {
        let bounds: [Double] = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, .infinity]
        let id = try store.seriesID(
            for: SeriesKey(
                target: "deployment-0",
                name: "vllm:e2e_request_latency_seconds",
                labels: #"model_name="llama-3-8b""#,
                kind: .histogram,
                bucketBounds: bounds
            )
        )
        let end: Int64 = 1_764_028_800_000
        let start = end - 86_400_000
        var batch = StoreBatch()
        var ts = start + 5_000
        while ts <= end {
            var cumulative = 0.0
            let buckets = bounds.indices.map { index in
                cumulative += Double((ts / 5_000 + Int64(index)) % 5)
                return cumulative
            }
            batch.histogramIncrements.append(
                HistogramRecord(seriesID: id, ts: ts - 1, count: cumulative, sum: cumulative * 1.7, buckets: buckets)
            )
            ts += 5_000
        }
        try store.write(batch)
        try store.rollUp(now: end + 60_000)
        let clock = ContinuousClock()
        var timings: [Double] = []
        var cpuTimings: [Double] = []
        var points = 0
        for _ in 0..<reads {
            var p95: [Double] = []
            let cpuStart = threadCPUSeconds()
            let elapsed = try clock.measure {
                let series = try store.histogramSeries([id], from: start, to: end, step: 60_000)
                p95 = series.map { histogramQuantile(0.95, $0.total.buckets) }
            }
            cpuTimings.append((threadCPUSeconds() - cpuStart) * 1_000)
            points = p95.count
            timings.append(seconds(elapsed) * 1_000)
        }
        timings.sort()
        cpuTimings.sort()
        return (timings[timings.count / 2], cpuTimings[cpuTimings.count / 2], points)
    }

    /// CPU time this thread has used, in seconds (`CLOCK_THREAD_CPUTIME_ID`).
    private func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// User plus system CPU time of the whole process, in seconds (`getrusage(RUSAGE_SELF)`).
    private func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
