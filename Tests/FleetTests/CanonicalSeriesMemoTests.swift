import Fleet
import Foundation
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// The fleet read with remembered canonical series gives the same statuses as without, and sees
/// a series the collector adds later (a deployment that starts exporting TTFT).
struct CanonicalSeriesMemoTests {
    @Test func rememberedSeriesGiveTheSameStatusesAndANewSeriesIsSeen() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 11)
        let targets = try store.targets()
        let memo = StatusWindows()
        for now in [span.end - 40_000, span.end, span.end + 5_000] {
            let remembered = try store.deploymentStatuses(of: targets, window: 60_000, now: now, windows: memo)
            #expect(remembered == (try store.deploymentStatuses(of: targets, window: 60_000, now: now)))
        }
        let before = try #require(
            try store.deploymentStatuses(of: targets, window: 60_000, now: span.end, windows: memo).first {
                $0.name == "code-prod"
            }
        )
        #expect(before.ttftSeconds == LatencyQuantiles())

        // code-prod starts exporting TTFT: a new series, then its first histogram increment.
        let ttft = try store.seriesIDs(for: [
            .histogram(CanonicalMetric.timeToFirstToken.rawValue, target: "code-prod")
        ])
        let cumulative = StoreFixtures.latencyBounds.indices.map { Double(min($0 + 1, 4)) }
        try store.write(
            StoreBatch(histogramIncrements: [
                HistogramRecord(seriesID: ttft[0], ts: span.end, count: 4, sum: 1, buckets: cumulative)
            ])
        )
        let after = try store.deploymentStatuses(of: targets, window: 60_000, now: span.end, windows: memo)
        #expect(after == (try store.deploymentStatuses(of: targets, window: 60_000, now: span.end)))
        #expect(after.first { $0.name == "code-prod" }?.ttftSeconds.p95 != nil)
    }

    @Test func statusCarriesWhenTheCurrentVersionWasFirstSeen() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 5)
        let statuses = try store.deploymentStatuses(window: 60_000, now: span.end)
        for status in statuses {
            #expect(status.versionSeenAt == (try store.latestVersion(target: status.name))?.ts, "\(status.name)")
        }
        #expect(statuses.first { $0.name == "chat-prod" }?.versionSeenAt == span.start + 3_600_000)
        #expect(statuses.first { $0.name == "idle-dev" }?.versionSeenAt == nil)
    }
}
