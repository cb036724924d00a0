import Fleet
import Testing

/// Chart history from a deployment's Prometheus fills the part of a chart the store does not reach.
struct LatencyHistoryBackfillTests {
    func points(_ times: [Int64], _ value: Double) -> [SeriesPoint] {
        times.map { SeriesPoint(time: $0, value: value) }
    }

    @Test func remotePointsFillOnlyWhatPrecedesTheStoresFirst() {
        let local = QuantileSeries(
            p50: points([300, 310], 1),
            p95: points([300, 310], 2),
            p99: points([300, 310], 3)
        )
        let remote = QuantileSeries(
            p50: points([270, 280, 290, 300, 310], 9),
            p95: points([270, 280, 290, 300, 310], 8),
            p99: []
        )
        let merged = local.backfilled(with: remote, step: 10)
        #expect(merged.p50.map(\.time) == [270, 280, 290, 300, 310])
        #expect(merged.p50.map(\.value) == [9, 9, 9, 1, 1], "the store's own points where it has them")
        #expect(merged.p95.map(\.value) == [8, 8, 8, 2, 2])
        #expect(merged.p99.map(\.value) == [3, 3], "nothing remote, nothing added")
    }

    @Test func anEmptyStoreShowsTheRemoteHistory() {
        let remote = QuantileSeries(p50: points([1, 2], 5), p95: points([1, 2], 6), p99: points([1, 2], 7))
        #expect(QuantileSeries().backfilled(with: remote, step: 1) == remote)
    }
}
