import Foundation
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// `write` reorders a batch into primary-key order for speed; what a reader sees must not change.
struct StoreBatchOrderTests {
    @Test func anUnorderedBatchReadsAsWrittenAndTheLastGaugeValueWins() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let first = try store.seriesID(for: .counter("vllm:prompt_tokens_total"))
        let second = try store.seriesID(for: .counter("vllm:generation_tokens_total"))
        let running = try store.seriesID(for: .gauge("vllm:num_requests_running"))
        let latency = try store.seriesID(for: .histogram("vllm:e2e_request_latency_seconds"))
        let t = StoreFixtures.origin
        let buckets: [Double] = [0, 1, 1, 2, 2, 3, 3, 3]
        try store.write(
            StoreBatch(
                counterIncrements: [
                    PointRecord(seriesID: second, ts: t + 5_000, value: 4),
                    PointRecord(seriesID: first, ts: t + 5_000, value: 2),
                    PointRecord(seriesID: second, ts: t, value: 8),
                    PointRecord(seriesID: first, ts: t, value: 1),
                    PointRecord(seriesID: first, ts: t, value: 16),
                ],
                gaugeValues: [
                    PointRecord(seriesID: running, ts: t + 5_000, value: 3),
                    PointRecord(seriesID: running, ts: t, value: 9),
                    PointRecord(seriesID: running, ts: t + 5_000, value: 5),
                ],
                histogramIncrements: [
                    HistogramRecord(seriesID: latency, ts: t + 5_000, count: 3, sum: 2.5, buckets: buckets),
                    HistogramRecord(seriesID: latency, ts: t, count: 3, sum: 1.5, buckets: buckets),
                ]
            )
        )
        #expect(try store.counterTotal([first], from: t - 1, to: t + 5_000) == 19)
        #expect(try store.counterTotal([second], from: t, to: t + 5_000) == 4)
        #expect(try store.latestGauges([running], notBefore: t) == [running: 5])
        let total = try #require(try store.histogramTotal([latency], from: t - 1, to: t + 5_000))
        #expect(total.count == 6)
        #expect(total.sum == 4)
        #expect(total.cumulativeCounts == buckets.map { $0 * 2 })
    }

    /// Ticks bigger than one multi-row insert step (`Store.insertChunk` rows) are written in
    /// steps; duplicates of one `(series, ts)` in one step or across steps still add (counters,
    /// histograms) or leave the last value (gauges), and every scrape row is kept.
    @Test func batchesLargerThanOneInsertStepAddDuplicatesAcrossSteps() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counters = try (0..<150).map { try store.seriesID(for: .counter("c\($0)_total")) }
        let gauges = try (0..<70).map { try store.seriesID(for: .gauge("g\($0)")) }
        let latency = try (0..<70).map { try store.seriesID(for: .histogram("h\($0)_seconds")) }
        let t = StoreFixtures.origin
        var batch = StoreBatch()
        // Every counter twice in one tick (the second copy lands one or two steps later), gauges
        // three times, histograms twice; 370 scrape rows.
        for round in 0..<2 {
            for (index, id) in counters.enumerated() {
                batch.counterIncrements.append(PointRecord(seriesID: id, ts: t, value: Double(index + round * 1_000)))
            }
            for (index, id) in latency.enumerated() {
                let buckets = (0..<8).map { Double($0 <= index % 8 ? 0 : round + 1) }
                batch.histogramIncrements.append(
                    HistogramRecord(seriesID: id, ts: t, count: Double(round + 1), sum: 0.5, buckets: buckets)
                )
            }
        }
        for round in 0..<3 {
            for (index, id) in gauges.enumerated() {
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: t, value: Double(index * 10 + round)))
            }
        }
        batch.scrapes = (0..<370).map {
            ScrapeRecord(
                target: "t\($0)",
                ts: t + Int64($0),
                health: .up,
                durationSeconds: 0.01,
                bytes: $0,
                error: nil
            )
        }
        try store.write(batch)

        for (index, id) in counters.enumerated() {
            #expect(try store.counterTotal([id], from: t - 1, to: t) == Double(2 * index + 1_000))
        }
        let latest = try store.latestGauges(gauges, notBefore: t)
        #expect(latest == Dictionary(uniqueKeysWithValues: gauges.enumerated().map { ($1, Double($0 * 10 + 2)) }))
        for (index, id) in latency.enumerated() {
            let total = try #require(try store.histogramTotal([id], from: t - 1, to: t))
            #expect(total.count == 3)
            #expect(total.sum == 1)
            #expect(total.cumulativeCounts == (0..<8).map { Double($0 <= index % 8 ? 0 : 3) })
        }
        #expect(try store.scrapes(target: "t369", limit: 5).map(\.bytes) == [369])
        #expect(try store.scrapes(target: "t0", limit: 5).map(\.bytes) == [0])
        #expect(try store.lastScrape(target: "t64")?.ts == t + 64)
    }

    @Test func keyOrderIsStableForDuplicatesAndKeepsOrderedInputAsIs() {
        let records = [(3, 10, "a"), (1, 20, "b"), (1, 10, "c"), (3, 10, "d"), (1, 10, "e")]
        let ordered = Store.keyOrdered(records, seriesID: { Int64($0.0) }, ts: { Int64($0.1) })
        #expect(ordered.map(\.2) == ["c", "e", "b", "a", "d"])
        let again = Store.keyOrdered(ordered, seriesID: { Int64($0.0) }, ts: { Int64($0.1) })
        #expect(again.map(\.2) == ordered.map(\.2))
    }
}
