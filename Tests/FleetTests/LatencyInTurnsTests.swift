import Fleet
import Store
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

/// A deployment whose latency histograms are read in turns (a Prometheus source's
/// `histogram_batch`): its counters arrive every 15 s, its histograms every 75 s with everything
/// since the last turn. Its target says so (`latencyEvery`), and every status read widens its
/// latency window to that, so a 1-minute status never loses its quantiles between turns.
struct LatencyInTurnsTests {
    static let tick: Int64 = 15_000
    static let turn: Int64 = 75_000
    static let latencyEvery: Int64 = 90_000

    /// "turns" (latency read every fifth tick, the target says so) and "same-rows" (the very same
    /// rows, its target saying nothing); "every-tick" reads its histograms every tick.
    private static func write(_ store: Store, minutes: Int) throws -> (start: Int64, end: Int64) {
        let targets = [
            TargetRecord(
                name: "turns",
                url: "http://prometheus:9090",
                kind: "vllm",
                environment: "prod",
                latencyEvery: latencyEvery
            ),
            TargetRecord(name: "same-rows", url: "http://prometheus:9090", kind: "vllm", environment: "prod"),
            TargetRecord(name: "every-tick", url: "http://prometheus:9090", kind: "vllm", environment: "prod"),
        ]
        var ids: [String: (requests: Int64, latency: Int64)] = [:]
        for target in targets {
            ids[target.name] = (
                try store.seriesID(
                    for: SeriesKey(
                        target: target.name,
                        name: CanonicalMetric.requests.rawValue,
                        labels: RequestOutcome.success.labelText,
                        kind: .counter
                    )
                ),
                try store.seriesID(
                    for: SeriesKey(
                        target: target.name,
                        name: CanonicalMetric.e2eLatency.rawValue,
                        labels: "",
                        kind: .histogram,
                        bucketBounds: StoreFixtures.latencyBounds
                    )
                )
            )
        }
        var batch = StoreBatch(targets: targets)
        var random = SeededRandom(seed: 13)
        let start = StoreFixtures.origin
        var pending: [String: [Double]] = [:]
        var ts = start
        while ts < start + Int64(minutes) * 60_000 {
            ts += tick
            // The tick's requests, each with a latency bucket, the same on every deployment.
            var counts = [Double](repeating: 0, count: StoreFixtures.latencyBounds.count)
            let requests = 20 + Int(random.next() % 20)
            for _ in 0..<requests { counts[Int(random.next() % UInt64(counts.count - 1))] += 1 }
            var cumulative = 0.0
            let buckets = counts.map { count -> Double in
                cumulative += count
                return cumulative
            }
            for target in targets {
                guard let series = ids[target.name] else { continue }
                batch.counterIncrements.append(PointRecord(seriesID: series.requests, ts: ts, value: Double(requests)))
                let due = target.name == "every-tick" || (ts - start) % turn == 0
                let held = zip(pending[target.name] ?? buckets.map { _ in 0 }, buckets).map { $0 + $1 }
                if due {
                    batch.histogramIncrements.append(
                        HistogramRecord(seriesID: series.latency, ts: ts, count: cumulative, sum: 0, buckets: held)
                    )
                    pending[target.name] = nil
                } else {
                    pending[target.name] = held
                }
                batch.scrapes.append(
                    ScrapeRecord(target: target.name, ts: ts, health: .up, durationSeconds: 0.1, bytes: 1)
                )
            }
        }
        try store.write(batch)
        return (start, ts)
    }

    @Test func aOneMinuteStatusKeepsTheQuantilesOfALatencyReadInTurns() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try Self.write(store, minutes: 8)
        let targets = try store.targets()
        #expect(targets.map(\.latencyEvery) == [nil, nil, Self.latencyEvery], "every-tick, same-rows, turns")
        let windows = StatusWindows()
        var blinked = 0
        // Refreshes every 5 s from the second minute on: the first turn is in every window.
        var now = span.start + 120_000
        while now <= span.end {
            let fleet = try store.deploymentStatuses(of: targets, window: 60_000, now: now)
            let live = try store.deploymentStatuses(of: targets, window: 60_000, now: now, windows: windows)
            for (index, target) in targets.enumerated() {
                let single = try store.deploymentStatus(of: target, window: 60_000, now: now)
                #expect(fleet[index] == single, "\(target.name) at +\(now - span.start) ms, fleet read")
                #expect(live[index] == single, "\(target.name) at +\(now - span.start) ms, remembered windows")
            }
            let turns = fleet[2]
            let sameRows = fleet[1]
            #expect(turns.latencySeconds.p95 != nil, "turns at +\(now - span.start) ms")
            #expect(turns.latencyWindowSeconds == 90)
            #expect(fleet[0].latencyWindowSeconds == nil && sameRows.latencyWindowSeconds == nil)
            // Its latency is that of a 90 s window, its traffic still that of the minute.
            let wide = try store.deploymentStatus(of: targets[1], window: Self.latencyEvery, now: now)
            #expect(turns.latencySeconds == wide.latencySeconds)
            #expect(turns.requestsPerSecond == sameRows.requestsPerSecond)
            #expect(fleet[0].latencySeconds.p95 != nil)
            if sameRows.latencySeconds.p95 == nil { blinked += 1 }
            now += 5_000
        }
        // Without the target's word, a minute holds no turn one refresh in five.
        #expect(blinked > 0)
    }

    /// The cadence of a deployment changes between two refreshes of the remembered windows (its
    /// fleet grew past the batch, then shrank): each refresh still equals a read from scratch.
    @Test func rememberedWindowsFollowACadenceThatChanges() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try Self.write(store, minutes: 6)
        let windows = StatusWindows()
        var now = span.start + 120_000
        for cadence in [nil, Self.latencyEvery, 150_000, nil, Self.latencyEvery] as [Int64?] {
            var targets = try store.targets()
            for index in targets.indices { targets[index].latencyEvery = cadence }
            for _ in 0..<6 {
                let live = try store.deploymentStatuses(of: targets, window: 60_000, now: now, windows: windows)
                let fleet = try store.deploymentStatuses(of: targets, window: 60_000, now: now)
                for (index, target) in targets.enumerated() {
                    let single = try store.deploymentStatus(of: target, window: 60_000, now: now)
                    #expect(live[index] == single, "\(target.name), cadence \(cadence.map(String.init) ?? "none")")
                    #expect(fleet[index] == single)
                }
                now += 5_000
            }
        }
    }

    /// A rollback is judged on the new version's polls alone: the latency of the version rolled
    /// back from, read in the turn before the change, is not counted, even though the deployment's
    /// status windows reach back a turn.
    @Test func aRollbackOfADeploymentReadInTurnsIsJudgedOnTheNewVersionAlone() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let target = TargetRecord(
            name: "turns",
            url: "http://prometheus:9090",
            kind: "vllm",
            environment: "prod",
            latencyEvery: Self.latencyEvery
        )
        let requests = try store.seriesID(
            for: SeriesKey(
                target: "turns",
                name: CanonicalMetric.requests.rawValue,
                labels: RequestOutcome.success.labelText,
                kind: .counter
            )
        )
        let latency = try store.seriesID(
            for: SeriesKey(
                target: "turns",
                name: CanonicalMetric.e2eLatency.rawValue,
                labels: "",
                kind: .histogram,
                bucketBounds: StoreFixtures.latencyBounds
            )
        )
        let changed = StoreFixtures.origin
        // The bad version's last turn, 20 s before the change: every request slower than 5 s.
        let slow = StoreFixtures.latencyBounds.map { $0 >= 10 ? 40.0 : 0 }
        try store.write(
            StoreBatch(
                targets: [target],
                counterIncrements: [15_000, 30_000].map {
                    PointRecord(seriesID: requests, ts: changed + $0, value: 25)
                },
                histogramIncrements: [
                    HistogramRecord(seriesID: latency, ts: changed - 20_000, count: 40, sum: 320, buckets: slow)
                ],
                versions: [
                    VersionRecord(target: "turns", ts: changed - 600_000, model: "m", version: "v2"),
                    VersionRecord(target: "turns", ts: changed, model: "m", version: "v1"),
                ]
            )
        )
        let widened = try store.deploymentStatus(of: target, window: 35_000, now: changed + 35_000)
        #expect((widened.latencySeconds.p95 ?? 0) > 5, "the status reaches back to the old version's turn")
        let verifier = RollbackVerifier(
            store: store,
            deployment: "turns",
            targetVersion: "v1",
            startedAt: changed - 1_000,
            rules: []
        )
        let verdict = verifier.check(now: changed + 35_000, deadline: changed + 300_000)
        #expect(verdict?.outcome == .verified, "\(String(describing: verdict))")
    }
}
