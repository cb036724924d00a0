import Analysis
import ArgumentParser
import Foundation
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

    @Option(help: "Ticks (batches) to write; each is one transaction of targets × series increments.")
    var ticks = 20

    @Option(help: "Times to repeat the 24 h p95 read; the median is printed.")
    var reads = 50

    @Option(help: "Directory for the benchmark database (a fresh temporary directory by default).")
    var directory: String?

    func run() throws {
        let root = directory ?? FileManager.default.temporaryDirectory.path
        let folder = URL(fileURLWithPath: root).appendingPathComponent("llmdeck-store-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("bench.sqlite").path)
        let command =
            "swift run -c release llmdeck-bench store --targets \(targets) --series \(series) --ticks \(ticks)"

        let ingest = try measureIngest(store)
        print(
            String(
                format:
                    "store ingest: %.0f increments/s wall, %.0f per CPU-second (%d ticks of %d, one transaction each; goal ≥ 500000)",
                ingest.wall,
                ingest.cpu,
                ticks,
                targets * series
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

    /// Increments per second over `ticks` batches of `targets × series` counter increments, per
    /// wall-clock second and per second of this thread's CPU time (the VM is shared, so wall time
    /// includes waiting for a core).
    private func measureIngest(_ store: Store) throws -> (wall: Double, cpu: Double) {
        var keys: [SeriesKey] = []
        for target in 0..<targets {
            for metric in 0..<series {
                keys.append(
                    SeriesKey(
                        target: "deployment-\(target)",
                        name: "vllm:metric_\(metric)_total",
                        labels: #"model_name="llama-3-8b""#,
                        kind: .counter
                    )
                )
            }
        }
        let ids = try store.seriesIDs(for: keys)
        let start: Int64 = 1_764_000_000_000
        var elapsed: Duration = .zero
        var cpu = 0.0
        let clock = ContinuousClock()
        for tick in 0..<ticks {
            let ts = start + Int64(tick) * 5_000
            let batch = StoreBatch(
                counterIncrements: ids.map {
                    PointRecord(seriesID: $0, ts: ts, value: Double(($0 &* 7 &+ Int64(tick)) % 13))
                }
            )
            let cpuStart = threadCPUSeconds()
            elapsed += try clock.measure { try store.write(batch) }
            cpu += threadCPUSeconds() - cpuStart
        }
        let increments = Double(ticks * ids.count)
        return (increments / seconds(elapsed), increments / cpu)
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

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
