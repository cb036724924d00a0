import Foundation
import HTTP
import Store
import Synchronization
import TestSupport

@testable import Collector

/// Log lines a collector wrote, captured for assertions.
final class LogBook: Sendable {
    private let storage = Mutex<[String]>([])

    func add(_ line: String) { storage.withLock { $0.append(line) } }

    var lines: [String] { storage.withLock { $0 } }
}

/// A collector run against real loopback servers, real libcurl and a real SQLite file.
struct CollectorRun {
    let directory: TemporaryDirectory
    let storePath: String
    let store: Store
    let logs: LogBook
    let statistics: ScrapeStatistics

    /// Polls `targets` for `seconds`, then stops the collector (which flushes) and returns.
    static func run(
        _ targets: [ScrapeTarget],
        for seconds: Double,
        maxResponseBytes: Int = 16 << 20,
        backoffCap: Double = 60
    ) async throws -> CollectorRun {
        let directory = try TemporaryDirectory(prefix: "llmdeck-collector")
        let path = directory.path("store.sqlite")
        let store = try Store(path: path)
        let client = HTTPClient()
        let source = ScrapeSource(
            targets: targets,
            scraper: TargetScraper(client: client, maxResponseBytes: maxResponseBytes),
            backoffCap: backoffCap
        )
        let logs = LogBook()
        let collector = Collector(
            store: store,
            sources: [source],
            options: Collector.Options(flushInterval: 0.1),
            log: { logs.add($0) }
        )
        let task = Task { await collector.run() }
        try await Task.sleep(for: .seconds(seconds))
        task.cancel()
        await task.value
        client.shutdown()
        return CollectorRun(
            directory: directory,
            storePath: path,
            store: store,
            logs: logs,
            statistics: source.statistics
        )
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
