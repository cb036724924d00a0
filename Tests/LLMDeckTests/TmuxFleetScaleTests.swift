import Foundation
import Store
import TestSupport
import Testing
import Vocabulary

/// The real console on a store of 1,200 deployments (written through the Store, as a collector
/// or the Prometheus source writes it), driven in tmux: grouped by model, a group opened.
@Suite(.serialized)
struct TmuxFleetScaleTests {
    static let models = ["gemma-9b", "llama-70b", "mistral-7b", "qwen-7b"]

    /// `m-0000` … `m-1199`, model by `i % 4`, all up except m-0101 (down) and m-0005 (degraded),
    /// both llama-70b; m-0010 (mistral-7b) fails 30 % of its requests.
    static func writeFleet(to path: String, now: Int64) throws {
        let store = try Store(path: path)
        var batch = StoreBatch()
        for index in 0..<1_200 {
            let name = String(format: "m-%04d", index)
            batch.targets.append(
                TargetRecord(
                    name: name,
                    url: "http://10.1.\(index / 250).\(index % 250):8000",
                    kind: "vllm",
                    environment: "production"
                )
            )
            batch.versions.append(
                VersionRecord(target: name, ts: now - 3_600_000, model: models[index % 4], version: "v1.\(index % 3)")
            )
            let health: Health = index == 101 ? .down : index == 5 ? .degraded : .up
            batch.scrapes.append(
                ScrapeRecord(target: name, ts: now - 1_000, health: health, durationSeconds: 0.01, bytes: 900)
            )
        }
        let ids = try store.seriesIDs(
            for: RequestOutcome.allCases.map { outcome in
                SeriesKey(
                    target: "m-0010",
                    name: CanonicalMetric.requests.rawValue,
                    labels: outcome.labelText,
                    kind: CanonicalMetric.requests.kind,
                    bucketBounds: []
                )
            }
        )
        for tick in 0..<3 {
            let ts = now - 11_000 + Int64(tick) * 5_000
            batch.counterIncrements += [
                PointRecord(seriesID: ids[0], ts: ts, value: 7), PointRecord(seriesID: ids[1], ts: ts, value: 3),
            ]
        }
        try store.write(batch)
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func aLargeFleetGroupsByModelAndOpensAGroup() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("fleet.sqlite")
        try Self.writeFleet(to: path, now: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        let binary = TestPaths.llmdeckBinary.path
        let session = try TmuxSession(
            command: "'\(binary)' --db '\(path)' --read-only --refresh 0.5; echo LLMDECK-EXIT=$?; sleep 60",
            width: 200,
            height: 50
        )
        defer { session.kill() }
        let open = await session.waitFor { $0.contains("Fleet (1200)") && $0.contains("m-0000") }
        try #require(open.matched, "the fleet never showed:\n\(open.screen)")

        session.send("b")
        let grouped = await session.waitFor { screen in
            screen.contains("Fleet (1200) · by model, 4 groups")
                && screen.contains("▸ llama-70b (300, 2 not up) worst m-0101")
                && screen.contains("▸ mistral-7b (300) worst m-0010")
        }
        #expect(grouped.matched, "b did not group the fleet by model:\n\(grouped.screen)")
        let rows = grouped.screen.split(separator: "\n").filter { $0.hasPrefix("│") && $0.contains(" worst ") }
        #expect(rows.count == 4, "four closed groups and no member rows:\n\(grouped.screen)")
        #expect(rows.first?.contains("▸ gemma-9b (300) worst m-0000") == true)
        let llama = rows.first { $0.contains("llama-70b") } ?? ""
        #expect(llama.contains("down"), "a closed group shows its worst member's health: \(llama)")
        let mistral = rows.first { $0.contains("mistral-7b") } ?? ""
        #expect(mistral.contains("30.0"), "and its worst member's error %: \(mistral)")

        session.send("j")
        session.send("Enter")
        let expanded = await session.waitFor { screen in
            screen.contains("▾ llama-70b (300, 2 not up) worst m-0101") && screen.contains("│  m-0001 ")
                && screen.contains("│  m-0005 ")
        }
        #expect(expanded.matched, "Enter did not open the llama-70b group:\n\(expanded.screen)")
        let lines = expanded.screen.split(separator: "\n").map(String.init)
        if let group = lines.firstIndex(where: { $0.contains("▾ llama-70b") }) {
            #expect(lines[group + 1].contains("│  m-0001 "), "members follow their group, in name order")
            #expect(lines[group + 2].contains("│  m-0005 "))
            #expect(lines[group + 2].contains("degrad"), "HEALTH shows the member's own health")
        }

        session.send("q")
        #expect(await session.waitFor { $0.contains("LLMDECK-EXIT=0") }.matched)
    }
}
