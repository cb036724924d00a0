import Fleet
import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// The console's incremental status read (`StatusWindows`): a live store gains a scrape per
/// deployment every ~5 s, the reader refreshes every second, and every status must equal the
/// per-deployment `deploymentStatus` read of the same store at the same time.
struct LiveStatusTests {
    /// Writes one poll of `target` at `ts`: a row for each of its series (integer increments,
    /// gauges, histograms in their own bounds) and its scrape.
    private static func poll(
        _ target: String,
        at ts: Int64,
        _ store: Store,
        _ random: inout SeededRandom
    ) throws {
        var batch = StoreBatch()
        for (id, key) in try store.series(target: target) {
            switch key.kind {
            case .counter:
                batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: Double(random.next() % 30)))
            case .gauge:
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: Double(random.next() % 16)))
            case .histogram:
                var cumulative = 0.0
                let buckets = key.bucketBounds.map { _ in
                    cumulative += Double(random.next() % 4)
                    return cumulative
                }
                batch.histogramIncrements.append(
                    HistogramRecord(seriesID: id, ts: ts, count: cumulative, sum: 0.75, buckets: buckets)
                )
            }
        }
        batch.scrapes.append(ScrapeRecord(target: target, ts: ts, health: .up, durationSeconds: 0.01, bytes: 512))
        try store.write(batch)
    }

    /// The memo's statuses of every target at `now` against `deploymentStatus`.
    private static func expectEqual(_ store: Store, _ memo: StatusWindows, now: Int64) throws {
        let targets = try store.targets()
        let live = try store.deploymentStatuses(of: targets, window: 60_000, now: now, windows: memo)
        #expect(live.map(\.name) == targets.map(\.name))
        for (target, status) in zip(targets, live) {
            let expected = try store.deploymentStatus(of: target, window: 60_000, now: now)
            #expect(status == expected, "\(target.name) at \(now)")
        }
    }

    @Test func incrementalWindowsEqualTheFullReadAsTheStoreGrows() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 21)
        let memo = StatusWindows()
        let polled = ["chat-prod", "code-prod", "embed-staging", "summarise-canary"]
        var random = SeededRandom(seed: 5)
        try Self.expectEqual(store, memo, now: span.end)
        let firstReads = memo.fullReads
        #expect(firstReads == 5)

        // Two and a half minutes of live polls, a refresh every second, rollups every 20 s
        // (rows leave the recent tables while the windows still hold them).
        var now = span.end
        for second in 1...150 {
            now += 1_000
            let target = polled[second % polled.count]
            if second % 2 == 0 { try Self.poll(target, at: now - 300, store, &random) }
            if second % 20 == 0 { try store.rollUp(now: now) }
            try Self.expectEqual(store, memo, now: now)
        }
        #expect(memo.fullReads == firstReads, "no window should have been read in full again")

        // A quiet minute: every window slides to empty of counters, still equal.
        try Self.expectEqual(store, memo, now: now + 61_000)
    }

    @Test func lateRowsNewSeriesAndReplacedScrapesFallBackToAFullRead() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 8)
        let memo = StatusWindows()
        var random = SeededRandom(seed: 9)
        var now = span.end + 2_000
        try Self.poll("chat-prod", at: now, store, &random)
        try Self.poll("code-prod", at: now, store, &random)
        try Self.expectEqual(store, memo, now: now)
        let base = memo.fullReads

        // A slow poll lands after a newer one: its timestamp is below what the window has seen.
        now += 3_000
        try Self.poll("chat-prod", at: now - 1_000, store, &random)
        try Self.poll("code-prod", at: now - 4_000, store, &random)
        try Self.expectEqual(store, memo, now: now)
        #expect(memo.fullReads == base + 1, "code-prod's late poll")

        // A deployment gains a canonical series (TTFT appears): its window is read again.
        _ = try store.seriesIDs(
            for: [
                SeriesKey(
                    target: "code-prod",
                    name: CanonicalMetric.timeToFirstToken.rawValue,
                    labels: "",
                    kind: .histogram,
                    bucketBounds: StoreFixtures.latencyBounds
                )
            ]
        )
        now += 1_000
        try Self.poll("code-prod", at: now, store, &random)
        try Self.expectEqual(store, memo, now: now)
        #expect(memo.fullReads == base + 2)

        // The collector restarts (another connection writes) and the scrapes are removed, so
        // scrape ids begin again: every window is read in full once more.
        let restarted = try temporary.open()
        try DatabaseQueue(path: temporary.path).write { db in try db.execute(sql: "DELETE FROM scrapes") }
        now += 5_000
        try Self.poll("chat-prod", at: now, restarted, &random)
        try Self.expectEqual(store, memo, now: now)
        #expect(memo.fullReads == base + 2 + 5)

        // The clock goes back past the window start: read in full, still equal.
        try Self.expectEqual(store, memo, now: now - 90_000)
    }

    /// Windows read before the store held any scrape: the first scrapes written afterwards are
    /// still checked for lateness.
    @Test func aLatePollIsSeenWhenTheStoreHadNoScrapeBefore() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let t = StoreFixtures.origin
        let target = TargetRecord(name: "chat-prod", url: "", kind: "vllm", environment: "prod")
        let success = try store.seriesID(
            for: SeriesKey(
                target: "chat-prod",
                name: CanonicalMetric.requests.rawValue,
                labels: RequestOutcome.success.labelText,
                kind: .counter
            )
        )
        try store.write(
            StoreBatch(
                targets: [target],
                counterIncrements: [
                    PointRecord(seriesID: success, ts: t, value: 6),
                    PointRecord(seriesID: success, ts: t + 5_000, value: 9),
                ]
            )
        )
        let memo = StatusWindows()
        try Self.expectEqual(store, memo, now: t + 6_000)
        #expect(
            try store.deploymentStatuses(of: [target], window: 60_000, now: t + 6_000, windows: memo)[0]
                .requestsPerSecond == 15.0 / 60
        )
        try store.write(
            StoreBatch(
                counterIncrements: [PointRecord(seriesID: success, ts: t + 2_000, value: 30)],
                scrapes: [ScrapeRecord(target: "chat-prod", ts: t + 2_000, health: .up, durationSeconds: 0, bytes: 1)]
            )
        )
        try Self.expectEqual(store, memo, now: t + 7_000)
        let status = try store.deploymentStatuses(of: [target], window: 60_000, now: t + 7_000, windows: memo)[0]
        #expect(status.requestsPerSecond == 45.0 / 60)
    }
}
