import Foundation
import Store
import Synchronization
import TestSupport
import Testing

@testable import Collector

/// Log lines a collector wrote, captured for assertions.
final class LogBook: Sendable {
    private let storage = Mutex<[String]>([])

    func add(_ line: String) { storage.withLock { $0.append(line) } }

    var lines: [String] { storage.withLock { $0 } }
}

/// A collector run against real loopback servers, real libcurl and a real SQLite file.
final class CollectorRun: Sendable {
    let directory: TemporaryDirectory
    let storePath: String
    let store: Store
    let logs = LogBook()
    let collector: PollingCollector
    private let task: Task<Void, Never>

    /// Starts polling `targets` into a fresh store file.
    init(_ targets: [ScrapeTarget], maxResponseBytes: Int = 16 << 20, backoffCap: Double = 60) throws {
        directory = try TemporaryDirectory(prefix: "llmdeck-collector")
        storePath = directory.path("store.sqlite")
        store = try Store(path: storePath)
        let logs = self.logs
        let collector = PollingCollector(
            targets: targets,
            store: store,
            options: Collector.Options(flushInterval: 0.1),
            maxResponseBytes: maxResponseBytes,
            backoffCap: backoffCap,
            log: { logs.add($0) }
        )
        self.collector = collector
        task = Task { await collector.run() }
    }

    /// Polls `targets` until each of `waitingOn` (default: all of them) has been polled at least
    /// `polls` times, then stops the collector (which flushes) and returns. Waiting counts polls,
    /// not seconds, so a loaded machine only makes the test slower, never different.
    static func run(
        _ targets: [ScrapeTarget],
        polls: Int,
        waitingOn names: [String]? = nil,
        maxResponseBytes: Int = 16 << 20,
        backoffCap: Double = 60
    ) async throws -> CollectorRun {
        let run = try CollectorRun(targets, maxResponseBytes: maxResponseBytes, backoffCap: backoffCap)
        let reached = try await run.waitForPolls(polls, targets: names ?? targets.map(\.name))
        await run.stop()
        if !reached {
            Issue.record("targets were not polled \(polls) times within two minutes")
        }
        return run
    }

    /// Stops polling and waits for the final flush.
    func stop() async {
        task.cancel()
        await task.value
    }

    /// Waits until every target has been polled at least `count` more times than `baseline`.
    @discardableResult
    func waitForPolls(_ count: Int, after baseline: [String: Int] = [:], targets: [String]) async throws -> Bool {
        for _ in 0..<2_400 {
            let polls = collector.statistics.polls
            if targets.allSatisfy({ (polls[$0] ?? 0) >= (baseline[$0] ?? 0) + count }) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func scrapes(_ target: String) throws -> [ScrapeRecord] {
        try store.scrapes(target: target, limit: 100_000)
    }

    /// IDs of the series of `target` named `name` (and with `labels` when given).
    func seriesIDs(_ target: String, _ name: String, labels: String? = nil) throws -> [Int64] {
        try store.series(target: target).filter { series in
            series.key.name == name && (labels == nil || series.key.labels == labels)
        }.map(\.id)
    }

    /// Every byte SQLite wrote for the store: the main file, the WAL and the shared-memory index.
    func storeBytes() -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { bytes, suffix in
            bytes.append((try? Data(contentsOf: URL(fileURLWithPath: storePath + suffix))) ?? Data())
        }
    }
}
