import Foundation
import TestSupport
import Testing

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

    @Test func keyOrderIsStableForDuplicatesAndKeepsOrderedInputAsIs() {
        let records = [(3, 10, "a"), (1, 20, "b"), (1, 10, "c"), (3, 10, "d"), (1, 10, "e")]
        let ordered = Store.keyOrdered(records, seriesID: { Int64($0.0) }, ts: { Int64($0.1) })
        #expect(ordered.map(\.2) == ["c", "e", "b", "a", "d"])
        let again = Store.keyOrdered(ordered, seriesID: { Int64($0.0) }, ts: { Int64($0.1) })
        #expect(again.map(\.2) == ordered.map(\.2))
    }
}
