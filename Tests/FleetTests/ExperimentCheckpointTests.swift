import Analysis
import Config
import Foundation
import Store
import Testing

@testable import Fleet

/// The checkpoints the collecting process saves: a reader resuming from one reports exactly what
/// a reader going through every row since the start reports, and a checkpoint that no longer
/// fits the experiment is ignored.
struct ExperimentCheckpointTests {
    private typealias Poll = ExperimentStore.Poll

    private static let pricing = PriceTable(entries: [
        PriceEntry(model: "m", promptPerMillion: 1, completionPerMillion: 2)
    ])

    private func polls(_ tick: Int, targets: [String] = ["chat"]) -> [Poll] {
        targets.flatMap { target in
            [
                Poll(
                    target: target,
                    experiment: "tone",
                    variant: "a",
                    successes: 40 + Double(tick % 3),
                    failures: 10 - Double(tick % 3),
                    tokens: (prompt: 900, completion: 300)
                ),
                Poll(
                    target: target,
                    experiment: "tone",
                    variant: "b",
                    successes: 44 + Double(tick % 5),
                    failures: 6 - Double(tick % 5),
                    tokens: (prompt: 1_100, completion: 350)
                ),
            ]
        }
    }

    /// The report read from the start, ignoring checkpoints.
    private func fromStart(_ store: Store, now: Int64) throws -> ExperimentReport? {
        var reader = ExperimentReader(store: store, pricing: Self.pricing)
        reader.resumes = false
        return try reader.reports(now: now).first
    }

    private func expectSame(_ resumed: ExperimentReport?, _ full: ExperimentReport?) throws {
        let resumed = try #require(resumed)
        let full = try #require(full)
        #expect(resumed.variants.map(\.requests) == full.variants.map(\.requests))
        #expect(resumed.variants.map(\.successes) == full.variants.map(\.successes))
        #expect(resumed.variants.map(\.tokensPerRequest) == full.variants.map(\.tokensPerRequest))
        #expect(resumed.comparisons == full.comparisons)
        #expect(resumed.history == full.history, "the same looks with the same counts")
        #expect(resumed.verdict == full.verdict)
        #expect(resumed.startedAt == full.startedAt)
        // Dollars are added in another order (checkpoint, then the rest): equal to the last bits.
        for (a, b) in zip(resumed.variants, full.variants) {
            let (x, y) = (try #require(a.costPerRequest), try #require(b.costPerRequest))
            #expect(abs(x - y) <= 1e-12 * y)
        }
    }

    @Test func aReaderResumingFromTheSavedCheckpointReportsWhatReadingFromTheStartReports() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.deploy("chat", model: "m", at: fixture.start)
        try fixture.run(ticks: 120) { polls($0) }
        let collector = ExperimentReader(store: fixture.store, pricing: Self.pricing)
        try collector.saveCheckpoints(now: fixture.now)
        let saved = try fixture.store.read { try $0.checkpoints(prefix: "experiment:") }
        let through = try #require(saved["experiment:tone"]?.through)
        #expect(through <= fixture.now - 120_000, "only rows two minutes old or older are settled")
        #expect(through > fixture.start)
        // More traffic after the checkpoint, read by another process that only reads.
        try fixture.run(ticks: 90) { polls($0) }
        let other = try Store(path: fixture.temporary.path, readOnly: true)
        let resumed = try ExperimentReader(store: other, pricing: Self.pricing).reports(now: fixture.now).first
        try expectSame(resumed, try fromStart(fixture.store, now: fixture.now))
        #expect(resumed?.variants.map(\.requests) == [210 * 50, 210 * 50])
        // The next pass moves the checkpoint on, and resuming from it still agrees.
        try collector.saveCheckpoints(now: fixture.now)
        let moved = try fixture.store.read { try $0.checkpoints(prefix: "experiment:") }
        #expect((moved["experiment:tone"]?.through ?? 0) > through)
        try fixture.run(ticks: 7) { polls($0) }
        try expectSame(
            try ExperimentReader(store: other, pricing: Self.pricing).reports(now: fixture.now).first,
            try fromStart(fixture.store, now: fixture.now)
        )
    }

    @Test func aReaderTakesTheCountsBeforeTheCheckpointFromIt() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 100) { polls($0) }
        try ExperimentReader(store: fixture.store).saveCheckpoints(now: fixture.now)
        let stored = try #require(
            try fixture.store.read { try $0.checkpoints(prefix: "experiment:") }["experiment:tone"]
        )
        // 1,000 more trials of `a` at every look of the checkpoint: a reader that resumes reports
        // them; one that went through the rows would not.
        var checkpoint = try #require(ExperimentCheckpoint.decode(stored))
        checkpoint.requests["a"] = checkpoint.requests["a"]?.map {
            ExperimentCheckpoint.Counts(ProportionSample(successes: $0.successes, trials: $0.trials + 1_000))
        }
        var tampered = stored
        tampered.payload = checkpoint.encoded()
        try fixture.store.save([tampered], savedAt: fixture.now)
        let report = try #require(try ExperimentReader(store: fixture.store).reports(now: fixture.now).first)
        #expect(report.variants.map(\.requests) == [6_000, 5_000], "100 polls of 50 requests, plus 1,000")
    }

    @Test func theBinaryFormReadsBackWholeAndRefusesAnythingCut() throws {
        let checkpoint = ExperimentCheckpoint(
            fingerprint: "9f2c",
            start: 1_000,
            through: 61_000,
            looks: [6_000, 11_000],
            requests: ["a": [.init(.init(successes: 4, trials: 5)), .init(.init(successes: 9, trials: 10))]],
            feedback: ["a": [.init(.init(successes: 1, trials: 1)), .init(.init(successes: 1, trials: 2))]],
            latency: ["a": .init(cumulativeCounts: [1, 3, 3], count: 3, sum: 2.5)],
            score: [:],
            counters: [7: 1_500, 9: 0.25],
            dollars: ["a": 0.0125],
            unpriced: ["b"]
        )
        let bytes = checkpoint.encoded()
        let stored = ReaderCheckpoint(key: "experiment:é", through: 61_000, payload: bytes)
        #expect(ExperimentCheckpoint.decode(stored) == checkpoint)
        for cut in [1, 8, bytes.count / 2, bytes.count - 1] {
            #expect(
                ExperimentCheckpoint.decode(ReaderCheckpoint(key: "k", through: 61_000, payload: bytes.prefix(cut)))
                    == nil
            )
        }
        #expect(
            ExperimentCheckpoint.decode(ReaderCheckpoint(key: "k", through: 1, payload: bytes)) == nil,
            "another time"
        )
    }

    @Test func aCheckpointIsIgnoredWhenTheSeriesPricesOrPayloadChange() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.deploy("chat", model: "m", at: fixture.start)
        try fixture.deploy("chat-2", model: "m", at: fixture.start)
        try fixture.run(ticks: 100) { polls($0) }
        try ExperimentReader(store: fixture.store, pricing: Self.pricing).saveCheckpoints(now: fixture.now)
        // A second replica joins: its series were not in the checkpoint.
        try fixture.run(ticks: 30) { polls($0, targets: ["chat", "chat-2"]) }
        let joined = try ExperimentReader(store: fixture.store, pricing: Self.pricing).reports(now: fixture.now).first
        try expectSame(joined, try fromStart(fixture.store, now: fixture.now))
        #expect(joined?.variants.map(\.requests) == [160 * 50, 160 * 50])
        // New prices: the saved dollars no longer hold.
        try ExperimentReader(store: fixture.store, pricing: Self.pricing).saveCheckpoints(now: fixture.now)
        let dearer = PriceTable(entries: [PriceEntry(model: "m", promptPerMillion: 10, completionPerMillion: 20)])
        let repriced = try ExperimentReader(store: fixture.store, pricing: dearer).reports(now: fixture.now).first
        var full = ExperimentReader(store: fixture.store, pricing: dearer)
        full.resumes = false
        #expect(
            repriced?.variants.map(\.costPerRequest)
                == (try full.reports(now: fixture.now).first)?.variants.map(\.costPerRequest)
        )
        // A payload that does not decode is read past, not trusted.
        try fixture.store.save(
            [ReaderCheckpoint(key: "experiment:tone", through: fixture.now - 200_000, payload: Data("{".utf8))],
            savedAt: fixture.now
        )
        try expectSame(
            try ExperimentReader(store: fixture.store, pricing: Self.pricing).reports(now: fixture.now).first,
            try fromStart(fixture.store, now: fixture.now)
        )
    }
}
