import Foundation
import GRDB
import TestSupport
import Testing

/// `llmdeck sim` + `llmdeck collect` as real processes over loopback, into a real SQLite file.
@Suite(.serialized)
struct CollectEndToEndTests {
    /// A simulator process and a config pointing at it, polling every 200 ms.
    struct Fleet {
        var simulator: BackgroundProcess
        var configPath: String
        var storePath: String
    }

    static func startFleet(
        in directory: TemporaryDirectory,
        count: Int = 3,
        tokenEnv: String? = nil
    ) async throws -> Fleet {
        for _ in 0..<5 {
            let base = freePortBase(count: count)
            let common = ["--count", "\(count)", "--base-port", "\(base)", "--scenario", "none", "--rate", "50"]
            let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + common)
            try #require(printed.status == 0, "\(printed.standardError)")
            var yaml = printed.standardOutput.replacingOccurrences(
                of: #"interval: [0-9a-z.]+"#,
                with: "interval: 200ms",
                options: .regularExpression
            )
            if let tokenEnv {
                yaml = yaml.replacingOccurrences(
                    of: "interval: 200ms",
                    with: "interval: 200ms\n    token_env: \(tokenEnv)"
                )
            }
            let configPath = directory.path("config.yaml")
            try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
            let simulator = try BackgroundProcess(llmdeck: ["sim"] + common, in: directory, name: "sim")
            let serving = await waitUntil { simulator.output.contains("serving") || !simulator.process.isRunning }
            if serving && simulator.process.isRunning {
                return Fleet(simulator: simulator, configPath: configPath, storePath: directory.path("deck.sqlite"))
            }
            await simulator.stop()
        }
        throw CancellationError()
    }

    static func scrapeCount(_ storePath: String) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: storePath, configuration: configuration)
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scrapes") ?? 0 }
    }

    @Test func sigkillMidIngestLeavesTheStoreIntact() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fleet = try await Self.startFleet(in: directory)
        defer { kill(fleet.simulator.process.processIdentifier, SIGTERM) }

        var lastCount = 0
        for round in 1...3 {
            let collector = try BackgroundProcess(
                llmdeck: ["collect", "--config", fleet.configPath, "--db", fleet.storePath],
                in: directory,
                name: "collect-\(round)"
            )
            let grew = await waitUntil {
                guard FileManager.default.fileExists(atPath: fleet.storePath) else { return false }
                return ((try? Self.scrapeCount(fleet.storePath)) ?? 0) > lastCount + 6
            }
            #expect(grew, "round \(round): the collector writes scrapes: \(collector.output)")
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<300)))
            await collector.stop(signal: SIGKILL)
            #expect(collector.process.terminationReason == .uncaughtSignal)

            let queue = try DatabaseQueue(path: fleet.storePath)
            let integrity = try await queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            #expect(integrity == ["ok"], "round \(round)")
            let count = try Self.scrapeCount(fleet.storePath)
            #expect(count >= lastCount, "committed scrapes survive a kill")
            lastCount = count
        }

        let status = try await CommandRun.llmdeck([
            "status", "--config", fleet.configPath, "--db", fleet.storePath, "--json",
        ])
        #expect(status.status == 0, "\(status.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any]
        let deployments = json?["deployments"] as? [[String: Any]]
        #expect(deployments?.count == 3)
    }

    @Test func bearerTokenNeverReachesTheStoreOrTheLogs() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let token = "tok-\(UUID().uuidString)-secret"
        let fleet = try await Self.startFleet(in: directory, count: 2, tokenEnv: "LLMDECK_TEST_TOKEN")
        defer { kill(fleet.simulator.process.processIdentifier, SIGTERM) }

        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", fleet.configPath, "--db", fleet.storePath],
            in: directory,
            name: "collect",
            environment: ["LLMDECK_TEST_TOKEN": token]
        )
        let collected = await waitUntil {
            FileManager.default.fileExists(atPath: fleet.storePath)
                && ((try? Self.scrapeCount(fleet.storePath)) ?? 0) > 10
        }
        #expect(collected, "\(collector.output)")
        await collector.stop(signal: SIGTERM)
        #expect(collector.process.terminationStatus == 0, "SIGTERM is a clean stop: \(collector.output)")

        let status = try await CommandRun.llmdeck(["status", "--config", fleet.configPath, "--db", fleet.storePath])
        let probe = try await CommandRun.llmdeck(
            ["probe", "http://127.0.0.1:1/", "--token-env", "LLMDECK_TEST_TOKEN"],
            environment: ["LLMDECK_TEST_TOKEN": token]
        )
        var everything = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let bytes = FileManager.default.contents(atPath: fleet.storePath + suffix) {
                everything.append(bytes)
            }
        }
        everything.append(Data(collector.output.utf8))
        everything.append(Data((status.standardOutput + status.standardError).utf8))
        everything.append(Data((probe.standardOutput + probe.standardError).utf8))
        #expect(everything.range(of: Data(token.utf8)) == nil, "the token appears nowhere")
        #expect(everything.range(of: Data("secret".utf8)) == nil)
    }
}
