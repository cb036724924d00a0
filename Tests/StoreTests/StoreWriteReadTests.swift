import Foundation
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

struct StoreWriteReadTests {
    @Test func counterTotalAddsIncrementsInsideTheWindowOnly() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let requests = try store.seriesID(
            for: .counter("vllm:request_success_total", labels: #"finished_reason="stop""#)
        )
        let errors = try store.seriesID(
            for: .counter("vllm:request_success_total", labels: #"finished_reason="abort""#)
        )
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(counterIncrements: [
                PointRecord(seriesID: requests, ts: t, value: 10),
                PointRecord(seriesID: requests, ts: t + 5_000, value: 7),
                PointRecord(seriesID: errors, ts: t + 5_000, value: 1),
                PointRecord(seriesID: requests, ts: t + 10_000, value: 3),
            ])
        )
        #expect(try store.counterTotal([requests], from: t, to: t + 10_000) == 10)
        #expect(try store.counterTotal([requests, errors], from: t - 1, to: t + 10_000) == 21)
        #expect(try store.counterTotal([errors], from: t + 5_000, to: t + 60_000) == nil)
        #expect(try store.counterTotal([], from: t, to: t + 10_000) == nil)
    }

    @Test func extremeWindowsAndStepsReturnDataOrNothingWithoutCrashing() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let id = try store.seriesID(for: .counter("requests_total"))
        let t = StoreFixtures.origin
        try store.write(StoreBatch(counterIncrements: [PointRecord(seriesID: id, ts: t, value: 2)]))
        #expect(try store.counterTotal([id], from: .min, to: .max) == 2)
        #expect(try store.counterTotal([id], from: .max, to: .min) == nil)
        #expect(try store.counterSeries([id], from: .min, to: .max, step: 3_600_000).map(\.value) == [2])
        #expect(try store.counterSeries([id], from: t - 1, to: t, step: .max).isEmpty)
        #expect(try store.counterSeries([id], from: t - 1, to: t, step: 0).isEmpty)
        #expect(try store.histogramSeries([id], from: t - 1, to: t, step: 60_000).isEmpty)
        try store.rollUp(now: .max)
        try store.applyRetention(now: .max, raw: .max, minute: -1, hour: .min)
    }

    @Test func sameTimestampCounterIncrementsAddAndGaugesReplace() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counter = try store.seriesID(for: .counter("tokens_total"))
        let gauge = try store.seriesID(for: .gauge("num_requests_running"))
        let t = StoreFixtures.origin
        for value in [4.0, 6.0] {
            try store.write(
                StoreBatch(
                    counterIncrements: [PointRecord(seriesID: counter, ts: t, value: value)],
                    gaugeValues: [PointRecord(seriesID: gauge, ts: t, value: value)]
                )
            )
        }
        #expect(try store.counterTotal([counter], from: t - 1, to: t) == 10)
        #expect(try store.latestGauges([gauge], notBefore: t) == [gauge: 6])
    }

    @Test func histogramTotalGivesCumulativeBucketsForQuantiles() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let bounds = StoreFixtures.latencyBounds
        let a = try store.seriesID(for: .histogram("e2e_seconds", labels: #"model="a""#))
        let b = try store.seriesID(for: .histogram("e2e_seconds", labels: #"model="b""#))
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(histogramIncrements: [
                HistogramRecord(seriesID: a, ts: t + 1, count: 4, sum: 2.5, buckets: [1, 2, 3, 4, 4, 4, 4, 4]),
                HistogramRecord(seriesID: a, ts: t + 2, count: 2, sum: 9, buckets: [0, 0, 0, 0, 1, 2, 2, 2]),
                HistogramRecord(seriesID: b, ts: t + 2, count: 1, sum: 0.05, buckets: [1, 1, 1, 1, 1, 1, 1, 1]),
            ])
        )
        let total = try #require(try store.histogramTotal([a, b], from: t, to: t + 2))
        #expect(total.upperBounds == bounds)
        #expect(total.cumulativeCounts == [2, 3, 4, 5, 6, 7, 7, 7])
        #expect(total.count == 7)
        #expect(total.sum == 11.55)
        #expect(try store.histogramTotal([a], from: t + 2, to: t + 10) == nil)
    }

    @Test func histogramsWithAnotherLayoutAreSkippedNotMixed() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let standard = try store.seriesID(for: .histogram("ttft_seconds", target: "a"))
        let other = try store.seriesID(for: .histogram("ttft_seconds", target: "b", bounds: [1, .infinity]))
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(histogramIncrements: [
                HistogramRecord(seriesID: standard, ts: t, count: 1, sum: 0.2, buckets: [0, 1, 1, 1, 1, 1, 1, 1]),
                HistogramRecord(seriesID: other, ts: t, count: 5, sum: 9, buckets: [3, 5]),
            ])
        )
        let merged = try #require(try store.histogramTotal([standard, other], from: t - 1, to: t))
        #expect(merged.upperBounds == StoreFixtures.latencyBounds)
        #expect(merged.count == 1)
        let otherFirst = try #require(try store.histogramTotal([other, standard], from: t - 1, to: t))
        #expect(otherFirst.upperBounds == [1, .infinity])
        #expect(otherFirst.cumulativeCounts == [3, 5])
    }

    @Test func histogramRecordWithWrongBucketCountRejectsTheWholeBatch() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let latency = try store.seriesID(for: .histogram("e2e_seconds"))
        let requests = try store.seriesID(for: .counter("requests_total"))
        let t = StoreFixtures.origin
        let batch = StoreBatch(
            counterIncrements: [PointRecord(seriesID: requests, ts: t, value: 1)],
            histogramIncrements: [HistogramRecord(seriesID: latency, ts: t, count: 1, sum: 1, buckets: [1, 1])]
        )
        let error = try #require(throws: StoreError.self) { try store.write(batch) }
        #expect(error.operation == "write")
        #expect(error.message.contains("has 2 buckets, the series has 8 bounds"))
        #expect(try store.counterTotal([requests], from: t - 1, to: t) == nil)
    }

    @Test func bucketCountsAreCheckedAfterTheKeyCacheStartsOver() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try Store(path: temporary.path, readOnly: false, seriesCacheCapacity: 2)
        let keys = (0..<5).map { SeriesKey.histogram("e2e_seconds", labels: "model=\"m\($0)\"") }
        let ids = try store.seriesIDs(for: keys)
        #expect(try store.seriesIDs(for: keys) == ids)  // ids found again once the cache started over
        let t = StoreFixtures.origin
        let good = ids.map {
            HistogramRecord(seriesID: $0, ts: t, count: 1, sum: 0.5, buckets: Array(repeating: 1, count: 8))
        }
        try store.write(StoreBatch(histogramIncrements: good))
        #expect(try store.histogramTotal([ids[0]], from: t - 1, to: t)?.count == 1)
        let reopened = try Store(path: temporary.path, readOnly: false, seriesCacheCapacity: 2)
        let bad = HistogramRecord(seriesID: ids[0], ts: t + 1, count: 1, sum: 1, buckets: [1, 1])
        let error = try #require(throws: StoreError.self) { try reopened.write(StoreBatch(histogramIncrements: [bad])) }
        #expect(error.message.contains("has 2 buckets, the series has 8 bounds"))
    }

    @Test func nanValuesAreSkippedAndTheRestIsStored() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let gauge = try store.seriesID(for: .gauge("gpu_cache_usage_perc"))
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(gaugeValues: [
                PointRecord(seriesID: gauge, ts: t, value: 0.5),
                PointRecord(seriesID: gauge, ts: t + 5_000, value: .nan),
            ])
        )
        #expect(try store.latestGauges([gauge], notBefore: t) == [gauge: 0.5])
    }

    @Test func latestGaugesIgnoresValuesBeforeTheCutoff() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let running = try store.seriesID(for: .gauge("num_requests_running"))
        let waiting = try store.seriesID(for: .gauge("num_requests_waiting"))
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(gaugeValues: [
                PointRecord(seriesID: running, ts: t, value: 3),
                PointRecord(seriesID: running, ts: t + 5_000, value: 8),
                PointRecord(seriesID: waiting, ts: t, value: 2),
            ])
        )
        #expect(try store.latestGauges([running, waiting], notBefore: t) == [running: 8, waiting: 2])
        #expect(try store.latestGauges([running, waiting], notBefore: t + 1) == [running: 8])
    }

    @Test func seriesIDsAreStableAndListedPerTarget() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let keys: [SeriesKey] = [
            .counter("requests_total", target: "a"), .gauge("running", target: "a"), .histogram("e2e", target: "b"),
        ]
        let ids = try store.seriesIDs(for: keys)
        #expect(Set(ids).count == 3)
        #expect(try store.seriesID(for: keys[1]) == ids[1])
        let listed = try store.series(target: "a")
        #expect(listed.map(\.id) == [ids[0], ids[1]])
        #expect(listed.map(\.key) == [keys[0], keys[1]])
        #expect(try store.series(target: nil).count == 3)
        #expect(try store.series(target: nil).last?.key.bucketBounds == StoreFixtures.latencyBounds)
    }

    @Test func seriesKeyWithAnotherKindIsRefused() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        do {
            let store = try temporary.open()
            _ = try store.seriesID(for: .histogram("latency"))
        }
        let reopened = try temporary.open()
        let error = try #require(throws: StoreError.self) {
            try reopened.seriesID(for: .histogram("latency", bounds: [1, .infinity]))
        }
        #expect(error.message.contains("another kind or bucket layout"))
    }

    @Test func targetsScrapesVersionsAndEventsRoundTrip() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let t = StoreFixtures.origin
        try store.write(
            StoreBatch(
                targets: [
                    TargetRecord(
                        name: "chat-prod",
                        url: "http://10.0.0.5:8000",
                        kind: "vllm",
                        environment: "production"
                    ),
                    TargetRecord(name: "embed", url: "http://10.0.0.6:8080", kind: "tgi", environment: "staging"),
                ],
                scrapes: [
                    ScrapeRecord(target: "chat-prod", ts: t, health: .up, durationSeconds: 0.012, bytes: 48_213),
                    ScrapeRecord(
                        target: "chat-prod",
                        ts: t + 5_000,
                        health: .down,
                        durationSeconds: 3,
                        bytes: 0,
                        error: "connect timeout after 3 s"
                    ),
                ],
                versions: [
                    VersionRecord(target: "chat-prod", ts: t, model: "llama-3-8b", version: "v41"),
                    VersionRecord(target: "chat-prod", ts: t + 5_000, model: "llama-3-8b", version: "v42"),
                ],
                events: [
                    EventRecord(ts: t, kind: "deploy", target: "chat-prod", detail: "v41 → v42"),
                    EventRecord(ts: t + 1_000, kind: "silence", target: nil, detail: #"{"for":"1h"}"#),
                ]
            )
        )
        try store.write(
            StoreBatch(targets: [
                TargetRecord(name: "chat-prod", url: "http://10.0.0.7:8000", kind: "vllm", environment: "production")
            ])
        )
        #expect(try store.targets().map(\.name) == ["chat-prod", "embed"])
        #expect(try store.targets().first?.url == "http://10.0.0.7:8000")
        let last = try #require(try store.lastScrape(target: "chat-prod"))
        #expect(last.health == .down)
        #expect(last.error == "connect timeout after 3 s")
        #expect(try store.scrapes(target: "chat-prod", limit: 10).map(\.health) == [.down, .up])
        #expect(try store.scrapes(target: "chat-prod", limit: 10).last?.bytes == 48_213)
        #expect(try store.lastScrape(target: "embed") == nil)
        #expect(try store.versions(target: "chat-prod").map(\.version) == ["v42", "v41"])
        #expect(try store.events(from: t, to: t + 1_000, target: nil).map(\.kind) == ["deploy", "silence"])
        #expect(try store.events(from: t, to: t + 1_000, target: "chat-prod").map(\.detail) == ["v41 → v42"])
        #expect(try store.events(from: t + 1, to: t + 999, target: nil).isEmpty)
    }
}

struct HistogramTotalQuantileTests {
    /// Reference: Prometheus `histogram_quantile(0.95, …)` over buckets
    /// {0.1: 2, 0.25: 3, 0.5: 4, 1: 5, 2.5: 6, 5: 7, 10: 7, +Inf: 7}: rank 6.65 falls in
    /// (2.5, 5] holding 1 observation, so 2.5 + 2.5 × 0.65 = 4.125; p50: rank 3.5 in (0.25, 0.5],
    /// 0.375. Both checked with scripts/reference/histogram_quantile.py (`bucket_quantile`).
    @Test func p95OfAStoredWindowMatchesPrometheus() throws {
        let total = HistogramTotal(
            upperBounds: StoreFixtures.latencyBounds,
            cumulativeCounts: [2, 3, 4, 5, 6, 7, 7, 7],
            count: 7,
            sum: 11.55
        )
        #expect(abs(total.quantile(0.95) - 4.125) < 1e-12)
        #expect(abs(total.quantile(0.5) - 0.375) < 1e-12)
        #expect(total.buckets.count == 8)
    }
}
