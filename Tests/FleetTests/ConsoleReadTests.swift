import Fleet
import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// The reads a console repeats every second: which targets polled since the last check, and the
/// latest gauges, read from the newest slots first.
struct ConsoleReadTests {
    private func scrape(_ target: String, _ ts: Int64) -> ScrapeRecord {
        ScrapeRecord(target: target, ts: ts, health: .up, durationSeconds: 0.01, bytes: 100)
    }

    @Test func pollsAfterAScrapeIDAreThoseWrittenSince() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let t = StoreFixtures.origin
        let targets = ["a", "b", "c"].map { TargetRecord(name: $0, url: "", kind: "vllm", environment: "prod") }
        try store.write(
            StoreBatch(targets: targets, scrapes: [scrape("a", t), scrape("b", t + 1_000), scrape("a", t + 5_000)])
        )
        let first = try store.polls(after: nil)
        #expect(first.isComplete)
        #expect(first.polls == (try store.lastPolls()))
        #expect(first.polls == ["a": t + 5_000, "b": t + 1_000])
        let mark = try #require(first.newestScrapeID)
        #expect(try store.polls(after: mark).polls.isEmpty)

        // A slow poll of b written late, with a time older than a's newest: still seen.
        try store.write(StoreBatch(scrapes: [scrape("c", t + 6_000), scrape("b", t + 2_000)]))
        let next = try store.polls(after: mark)
        #expect(!next.isComplete)
        #expect(next.polls == ["c": t + 6_000, "b": t + 2_000])
        #expect((next.newestScrapeID ?? 0) > mark)

        // An id beyond the newest (the scrapes were removed and ids began again): everything.
        let reset = try store.polls(after: mark + 1_000)
        #expect(reset.isComplete)
        #expect(reset.polls == (try store.lastPolls()))
    }

    @Test func latestGaugesTakeTheNewestValueAcrossSlots() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let a = try store.seriesID(for: .gauge("num_requests_running"))
        let b = try store.seriesID(for: .gauge("num_requests_waiting"))
        let c = try store.seriesID(for: .gauge("kv_cache_usage"))
        let t = StoreFixtures.origin
        // a in the first and third slot, b only in the first, c twice in the second.
        try store.write(
            StoreBatch(gaugeValues: [
                PointRecord(seriesID: a, ts: t, value: 1),
                PointRecord(seriesID: b, ts: t + 1_000, value: 2),
                PointRecord(seriesID: c, ts: t + 6_000, value: 3),
                PointRecord(seriesID: c, ts: t + 7_000, value: 4),
                PointRecord(seriesID: a, ts: t + 12_000, value: 5),
            ])
        )
        #expect(try store.latestGauges([a, b, c], notBefore: t) == [a: 5, b: 2, c: 4])
        #expect(try store.latestGauges([a, b, c], notBefore: t + 2_000) == [a: 5, c: 4])
        #expect(try store.latestGauges([b, c], notBefore: t + 6_500) == [c: 4])
        #expect(try store.latestGauges([b], notBefore: t + 13_000) == [:])
    }

    /// The fleet read finds each target's newest scrape and version by name in one statement
    /// (names passed as a JSON array): names JSON must escape still match.
    @Test func fleetReadMatchesTargetsWhoseNamesNeedEscaping() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let t = StoreFixtures.origin
        let names = ["plain", "quo\"te", "back\\slash", "tab\tand\u{1}", "模型-ü", "ghost"]
        let targets = names.map { TargetRecord(name: $0, url: "", kind: "vllm", environment: "prod") }
        var batch = StoreBatch(targets: Array(targets.dropLast()))
        for (index, name) in names.dropLast().enumerated() {
            batch.scrapes += [scrape(name, t + Int64(index)), scrape(name, t + 5_000 + Int64(index))]
            batch.versions += [
                VersionRecord(target: name, ts: t, model: "m", version: "v1"),
                VersionRecord(target: name, ts: t + 2_000, model: "m", version: "v2"),
            ]
        }
        try store.write(batch)
        let fleet = try store.deploymentStatuses(of: targets, window: 60_000, now: t + 10_000)
        #expect(fleet.map(\.name) == names)
        for (target, status) in zip(targets, fleet) {
            #expect(
                status == (try store.deploymentStatus(of: target, window: 60_000, now: t + 10_000)),
                "\(target.name)"
            )
        }
        #expect(fleet[1].lastPoll == t + 5_001)
        #expect(fleet[1].version == "v2")
        #expect(fleet[5].lastPoll == nil)
    }

    /// One read transaction gives what the separate reads give: the targets, the polls since a
    /// scrape id, and the statuses from remembered windows of the targets picked from them.
    @Test func oneViewEqualsTheSeparateReads() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 13)
        let windows = StatusWindows()
        let first = try store.read { view in
            let targets = try view.targets()
            return (
                targets, try view.polls(after: nil),
                try windows.statuses(of: targets, window: 60_000, now: span.end, in: view)
            )
        }
        #expect(first.0 == (try store.targets()))
        #expect(first.1.isComplete)
        #expect(first.1.polls == (try store.lastPolls()))
        #expect(first.2 == (try store.deploymentStatuses(window: 60_000, now: span.end)))

        try store.write(StoreBatch(scrapes: [scrape("code-prod", span.end + 1_000)]))
        let next = try store.read { view in
            let polls = try view.polls(after: first.1.newestScrapeID)
            let due = try view.targets().filter { polls.polls[$0.name] != nil }
            return (polls, due, try windows.statuses(of: due, window: 60_000, now: span.end, in: view))
        }
        #expect(!next.0.isComplete)
        #expect(next.0.polls == ["code-prod": span.end + 1_000])
        let code = try #require(next.1.first)
        #expect(next.2 == [try store.deploymentStatus(of: code, window: 60_000, now: span.end)])
    }

    /// The per-second reads of new rows seek the rowid range, never scan an index of the whole
    /// table (the plan of a `GROUP BY` would otherwise walk `(target, ts)`).
    @Test func newRowReadsSeekTheRowidRange() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        _ = try FleetStatusTests.fill(store, seed: 2)
        let plans = try DatabaseQueue(path: temporary.path).read { db in
            try [Store.pollsAfterSQL, StoreView.oldestPollsAfterSQL, "SELECT target FROM series WHERE id > ?"].map {
                sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1]).map { $0["detail"] as String }
            }
        }
        for plan in plans {
            #expect(plan.contains { $0.contains("INTEGER PRIMARY KEY (rowid>?)") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        }
    }
}
