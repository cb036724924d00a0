import Foundation
import GRDB
import TestSupport
import Testing

/// A store written by the real `llmdeck collect` polling one server, stopped once the server's
/// served model is recorded.
struct CollectedStore {
    var configPath: String
    var storePath: String

    /// Polls `url` (a config's `url:`, every 200 ms) until a `versions` row exists, then stops
    /// the collector with SIGTERM.
    static func make(polling url: String, in directory: TemporaryDirectory) async throws -> CollectedStore {
        let store = CollectedStore(configPath: directory.path("config.yaml"), storePath: directory.path("deck.sqlite"))
        try """
        deployments:
          - name: served
            url: \(url)
            interval: 200ms
        store:
          path: \(store.storePath)
        """.write(toFile: store.configPath, atomically: true, encoding: .utf8)
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", store.configPath],
            in: directory,
            name: "collect"
        )
        let recorded = await waitUntil { ((try? store.count("versions")) ?? 0) > 0 }
        await collector.stop(signal: SIGTERM)
        try #require(recorded, "the collector never recorded a version: \(collector.output)")
        return store
    }

    /// Rows in `table`.
    func count(_ table: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: storePath) else { return 0 }
        return try queue().read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// A connection to the store file, as another tool would open it.
    func queue(readOnly: Bool = true) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = readOnly
        return try DatabaseQueue(path: storePath, configuration: configuration)
    }
}
