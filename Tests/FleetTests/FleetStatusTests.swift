import Fleet
import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// The fleet-wide status read against the per-deployment one, on a store with several
/// deployments whose data lies in raw, 1-minute and 1-hour tiers.
struct FleetStatusTests {
    /// Deployments with different subsets of the canonical metrics: a full vLLM, one without
    /// TTFT, one with only counters, one never scraped, one with no series at all.
    static let deployments: [(name: String, metrics: [CanonicalMetric])] = [
        (
            "chat-prod",
            [.requests, .generationTokens, .e2eLatency, .timeToFirstToken, .running, .waiting, .kvCacheUsage]
        ),
        ("code-prod", [.requests, .generationTokens, .e2eLatency, .running]),
        ("embed-staging", [.requests]),
        ("summarise-canary", [.requests, .generationTokens, .e2eLatency, .timeToFirstToken, .kvCacheUsage]),
        ("idle-dev", []),
    ]

    /// Writes ~3 hours of 5 s scrapes for every deployment (integer increments, so every sum is
    /// exact) plus a raw, non-canonical series per deployment, versions and scrapes.
    static func fill(_ store: Store, seed: UInt64) throws -> (start: Int64, end: Int64) {
        var random = SeededRandom(seed: seed)
        var keys: [(target: String, metric: CanonicalMetric, labels: String)] = []
        for deployment in deployments {
            for metric in deployment.metrics {
                if metric == .requests {
                    for outcome in RequestOutcome.allCases { keys.append((deployment.name, metric, outcome.labelText)) }
                } else {
                    keys.append((deployment.name, metric, ""))
                }
            }
        }
        let ids = try store.seriesIDs(
            for: keys.map {
                SeriesKey(
                    target: $0.target,
                    name: $0.metric.rawValue,
                    labels: $0.labels,
                    kind: $0.metric.kind,
                    bucketBounds: $0.metric.kind == .histogram ? StoreFixtures.latencyBounds : []
                )
            }
        )
        let raw = try store.seriesIDs(
            for: deployments.map {
                SeriesKey(target: $0.name, name: "vllm:num_requests_running", labels: "", kind: .gauge)
            }
        )
        let start = StoreFixtures.origin
        let end = start + 3 * 3_600_000
        var batch = StoreBatch(
            targets: deployments.map {
                TargetRecord(name: $0.name, url: "http://127.0.0.1:8000", kind: "vllm", environment: "production")
            }
        )
        batch.versions = [
            VersionRecord(target: "chat-prod", ts: start, model: "llama-3-8b", version: "v1"),
            VersionRecord(target: "chat-prod", ts: start + 3_600_000, model: "llama-3-8b", version: "v2"),
            VersionRecord(target: "code-prod", ts: start, model: "qwen", version: ""),
        ]
        var ts = start
        while ts < end {
            for (index, key) in keys.enumerated() {
                // Some series skip some scrapes, so windows see series with and without points.
                if random.next() % 7 == 0 { continue }
                switch key.metric.kind {
                case .counter:
                    batch.counterIncrements.append(
                        PointRecord(seriesID: ids[index], ts: ts, value: Double(random.next() % 40))
                    )
                case .gauge:
                    batch.gaugeValues.append(
                        PointRecord(seriesID: ids[index], ts: ts, value: Double(random.next() % 32))
                    )
                case .histogram:
                    var cumulative = 0.0
                    let buckets = StoreFixtures.latencyBounds.map { _ in
                        cumulative += Double(random.next() % 5)
                        return cumulative
                    }
                    batch.histogramIncrements.append(
                        HistogramRecord(seriesID: ids[index], ts: ts, count: cumulative, sum: 1.25, buckets: buckets)
                    )
                }
            }
            for id in raw { batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: 3)) }
            for deployment in deployments.dropLast(1) {
                let health: Health = random.next() % 10 == 0 ? .down : .up
                batch.scrapes.append(
                    ScrapeRecord(
                        target: deployment.name,
                        ts: ts,
                        health: health,
                        durationSeconds: 0.01,
                        bytes: 4096,
                        error: health == .down ? "connection refused" : nil
                    )
                )
            }
            ts += 4_000 + Int64(random.next() % 2_001)
            if batch.scrapes.count >= 4 * 60 {
                try store.write(batch)
                batch = StoreBatch()
            }
        }
        try store.write(batch)
        return (start, ts)
    }

    /// Compares both reads for every window at `now`; returns how many statuses were compared.
    static func compare(_ store: Store, now: Int64) throws -> Int {
        var compared = 0
        for window: Int64 in [0, 30_000, 60_000, 300_000, 3_600_000, 2 * 3_600_000 + 17_000, 4 * 3_600_000] {
            let fleet = try store.deploymentStatuses(window: window, now: now)
            let targets = try store.targets()
            #expect(fleet.map(\.name) == targets.map(\.name))
            for (target, status) in zip(targets, fleet) {
                let single = try store.deploymentStatus(of: target, window: window, now: now)
                #expect(status == single, "window \(window) ms at \(now): \(target.name)")
                compared += 1
            }
        }
        return compared
    }

    @Test func fleetReadEqualsPerDeploymentReadAcrossTiers() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try Self.fill(store, seed: 7)
        let moments = [
            span.start + 90_000, span.start + 3_600_000 + 1_234, span.end - 40_000, span.end, span.end + 61_000,
        ]

        // Nothing rolled up: everything from raw rows (recent table).
        for now in moments { #expect(try Self.compare(store, now: now) == 35) }
        // Rolled up to 2 h in: 1 h and 1 m rows below, drained raw rows, recent rows above.
        try store.rollUp(now: span.start + 2 * 3_600_000 + 30_000)
        for now in moments { #expect(try Self.compare(store, now: now) == 35) }
        // Everything rolled up.
        try store.rollUp(now: span.end + 4 * 3_600_000)
        for now in moments { #expect(try Self.compare(store, now: now) == 35) }
    }

    @Test func lastPollsAreEachTargetsNewestScrape() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        #expect(try store.lastPolls().isEmpty)
        let span = try Self.fill(store, seed: 11)
        let polls = try store.lastPolls()
        // The last deployment is never scraped, so it is left out.
        #expect(polls.count == Self.deployments.count - 1)
        #expect(polls["idle-dev"] == nil)
        for target in try store.targets() {
            #expect(polls[target.name] == (try store.lastScrape(target: target.name))?.ts)
        }
        #expect(polls.values.allSatisfy { $0 < span.end && $0 >= span.end - 6_000 })
    }

    @Test func fleetReadMatchesReferenceNumbers() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let target = TargetRecord(name: "chat", url: "http://127.0.0.1:1", kind: "vllm", environment: "production")
        let ids = try store.seriesIDs(for: [
            SeriesKey(
                target: "chat",
                name: CanonicalMetric.requests.rawValue,
                labels: RequestOutcome.success.labelText,
                kind: .counter
            ),
            SeriesKey(
                target: "chat",
                name: CanonicalMetric.requests.rawValue,
                labels: RequestOutcome.error.labelText,
                kind: .counter
            ),
            SeriesKey(
                target: "chat",
                name: CanonicalMetric.e2eLatency.rawValue,
                labels: "",
                kind: .histogram,
                bucketBounds: [0.1, 0.5, 1, .infinity]
            ),
            SeriesKey(target: "chat", name: CanonicalMetric.kvCacheUsage.rawValue, labels: "", kind: .gauge),
        ])
        let now: Int64 = 1_800_000_000_000
        try store.write(
            StoreBatch(
                targets: [target],
                counterIncrements: [
                    PointRecord(seriesID: ids[0], ts: now - 50_000, value: 60),
                    PointRecord(seriesID: ids[0], ts: now - 10_000, value: 30),
                    PointRecord(seriesID: ids[1], ts: now - 10_000, value: 10),
                    // Outside the 60 s window.
                    PointRecord(seriesID: ids[0], ts: now - 60_000, value: 1_000),
                ],
                gaugeValues: [
                    PointRecord(seriesID: ids[3], ts: now - 20_000, value: 0.5),
                    PointRecord(seriesID: ids[3], ts: now - 5_000, value: 0.75),
                ],
                histogramIncrements: [
                    HistogramRecord(seriesID: ids[2], ts: now - 10_000, count: 50, sum: 20, buckets: [10, 40, 50, 50])
                ]
            )
        )
        let status = try #require(try store.deploymentStatuses(window: 60_000, now: now).first)
        #expect(status.requestsPerSecond == 100.0 / 60)
        #expect(status.errorRatio == 0.1)
        #expect(status.kvCacheUsage == 0.75)
        // Cumulative [10, 40, 50, 50]: p50 = 0.1 + 0.4 × 15/30, p95 = 0.5 + 0.5 × 7.5/10.
        #expect(abs((status.latencySeconds.p50 ?? 0) - 0.3) < 1e-12)
        #expect(abs((status.latencySeconds.p95 ?? 0) - 0.875) < 1e-12)
        #expect(status.ttftSeconds == LatencyQuantiles())
        #expect(status.tokensPerSecond == nil)
        #expect(status.health == nil)
        #expect(try store.deploymentStatuses(of: [], window: 60_000, now: now).isEmpty)
        // Absurd windows and times give empty rows, never a trap.
        for (window, moment) in [(Int64.max, Int64.min), (Int64.min, Int64.max), (-60_000, now)] {
            let absurd = try store.deploymentStatuses(window: window, now: moment)
            #expect(absurd == [try store.deploymentStatus(of: target, window: window, now: moment)])
        }
        // A target the store does not know reads as a row of nulls, as the per-deployment read.
        let ghost = TargetRecord(name: "ghost", url: "", kind: "vllm", environment: "dev")
        #expect(
            try store.deploymentStatuses(of: [ghost, target], window: 60_000, now: now)
                == [try store.deploymentStatus(of: ghost, window: 60_000, now: now), status]
        )
    }

    /// Every read shape seeks its table's primary key: none scans a points table, whatever the
    /// ids (bound as one JSON array) and times.
    @Test func windowReadShapesSeekThePrimaryKey() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        _ = try Self.fill(store, seed: 3)
        let plans = try DatabaseQueue(path: temporary.path).read { db in
            try RollupTier.allCases.flatMap { tier in
                let segment = TierSegment(tier: tier, start: 0, end: 1)
                return try [false, true].flatMap { histograms in
                    try WindowReader.sources(of: segment, histograms: histograms).map { source in
                        let sql = WindowReader.sql(select: "series_id", from: source, suffix: " GROUP BY series_id")
                        let arguments: StatementArguments = source.isRecent ? ["[1,2]", 0, 1, 0] : ["[1,2]", 0, 1]
                        let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                        return (source.table, rows.map { $0["detail"] as String })
                    }
                }
            }
        }
        #expect(plans.count == 8)
        for (table, details) in plans {
            #expect(details.contains { $0.hasPrefix("SEARCH \(table) USING PRIMARY KEY") }, "\(table): \(details)")
            #expect(!details.contains { $0.hasPrefix("SCAN \(table)") }, "\(table): \(details)")
        }
    }
}
