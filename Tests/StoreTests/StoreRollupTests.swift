import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing
import Vocabulary

@testable import Store

/// Random but seeded data written to a store, with the same data kept in memory as the reference.
private struct RandomFleet {
    var counters: [Int64] = []
    var gauges: [Int64] = []
    var histograms: [Int64] = []
    var counterPoints: [PointRecord] = []
    var gaugePoints: [PointRecord] = []
    var histogramPoints: [HistogramRecord] = []
    let start: Int64
    var end: Int64

    /// About `hours` of 5-second scrapes (with jitter) of 3 counters, 2 gauges and 2 histograms,
    /// written in batches of 60 scrapes.
    /// Values are integers or quarters, so every sum is exact in Float64 and tiers can be
    /// compared with `==`.
    init(store: Store, hours: Int64, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        counters = try store.seriesIDs(for: (0..<3).map { .counter("requests_total", labels: "n=\"\($0)\"") })
        gauges = try store.seriesIDs(for: (0..<2).map { .gauge("running", labels: "n=\"\($0)\"") })
        histograms = try store.seriesIDs(for: (0..<2).map { .histogram("e2e_seconds", labels: "n=\"\($0)\"") })
        start = StoreFixtures.origin
        end = start
        var ts = start
        var batch = StoreBatch()
        while ts < start + hours * 3_600_000 {
            for id in counters {
                batch.counterIncrements.append(PointRecord(seriesID: id, ts: ts, value: Double(random.next() % 50)))
            }
            for id in gauges {
                batch.gaugeValues.append(PointRecord(seriesID: id, ts: ts, value: Double(random.next() % 64)))
            }
            for id in histograms {
                var cumulative = 0.0
                let buckets = StoreFixtures.latencyBounds.map { _ in
                    cumulative += Double(random.next() % 4)
                    return cumulative
                }
                let sum = Double(random.next() % 400) / 4
                batch.histogramIncrements.append(
                    HistogramRecord(seriesID: id, ts: ts, count: cumulative, sum: sum, buckets: buckets)
                )
            }
            end = ts
            ts += 4_000 + Int64(random.next() % 2_001)
            if batch.counterIncrements.count >= 3 * 60 || ts >= start + hours * 3_600_000 {
                try store.write(batch)
                counterPoints += batch.counterIncrements
                gaugePoints += batch.gaugeValues
                histogramPoints += batch.histogramIncrements
                batch = StoreBatch()
            }
        }
    }

    func counterTotal(_ ids: [Int64], from: Int64, to: Int64) -> Double? {
        let inside = counterPoints.filter { ids.contains($0.seriesID) && $0.ts > from && $0.ts <= to }
        return inside.isEmpty ? nil : inside.reduce(0) { $0 + $1.value }
    }

    func histogramTotal(_ ids: [Int64], from: Int64, to: Int64) -> HistogramTotal? {
        let inside = histogramPoints.filter { ids.contains($0.seriesID) && $0.ts > from && $0.ts <= to }
        if inside.isEmpty { return nil }
        var counts = [Double](repeating: 0, count: StoreFixtures.latencyBounds.count)
        for record in inside {
            for index in counts.indices { counts[index] += record.buckets[index] }
        }
        return HistogramTotal(
            upperBounds: StoreFixtures.latencyBounds,
            cumulativeCounts: counts,
            count: inside.reduce(0) { $0 + $1.count },
            sum: inside.reduce(0) { $0 + $1.sum }
        )
    }

    /// Merged histogram per step start, over the whole data set.
    func histogramSeries(_ ids: [Int64], step: Int64) -> [Int64: HistogramTotal] {
        let grouped = Dictionary(grouping: histogramPoints.filter { ids.contains($0.seriesID) }) {
            ($0.ts / step) * step
        }
        return grouped.mapValues { records in
            var counts = [Double](repeating: 0, count: StoreFixtures.latencyBounds.count)
            for record in records {
                for index in counts.indices { counts[index] += record.buckets[index] }
            }
            return HistogramTotal(
                upperBounds: StoreFixtures.latencyBounds,
                cumulativeCounts: counts,
                count: records.reduce(0) { $0 + $1.count },
                sum: records.reduce(0) { $0 + $1.sum }
            )
        }
    }

    func counterSeries(_ ids: [Int64], from: Int64, to: Int64, step: Int64) -> [Double] {
        steps(counterPoints, ids, from: from, to: to, step: step).map { $0.reduce(0) { $0 + $1.value } }
    }

    func gaugeSeries(_ ids: [Int64], from: Int64, to: Int64, step: Int64) -> [Double] {
        steps(gaugePoints, ids, from: from, to: to, step: step).map { points in
            ids.reduce(0.0) { total, id in
                let own = points.filter { $0.seriesID == id }
                return own.isEmpty ? total : total + own.reduce(0) { $0 + $1.value } / Double(own.count)
            }
        }
    }

    /// Points grouped by whole step, for the steps overlapping `(from, to]` that hold data.
    private func steps(
        _ points: [PointRecord],
        _ ids: [Int64],
        from: Int64,
        to: Int64,
        step: Int64
    )
        -> [[PointRecord]]
    {
        let first = ((from + 1) / step) * step
        let last = (to / step) * step + step
        let inside = points.filter { ids.contains($0.seriesID) && $0.ts >= first && $0.ts < last }
        let grouped = Dictionary(grouping: inside) { ($0.ts / step) * step }
        return grouped.keys.sorted().compactMap { grouped[$0] }
    }

    /// Windows of every shape: random, aligned to minutes and hours, tiny, whole range.
    func windows(count: Int, seed: UInt64) -> [(from: Int64, to: Int64)] {
        var random = SeededRandom(seed: seed)
        let span = UInt64(end - start + 120_000)
        var windows: [(Int64, Int64)] = [(start - 1, end), (start, end), (start - 1, start)]
        for index in 0..<count {
            var from = start - 60_000 + Int64(random.next() % span)
            var to = from + Int64(random.next() % span)
            switch index % 4 {
            case 1:
                from = (from / 60_000) * 60_000
                to = (to / 60_000) * 60_000
            case 2:
                from = (from / 3_600_000) * 3_600_000
                to = from + 3_600_000 * Int64(1 + random.next() % 2)
            case 3: to = from + Int64(random.next() % 20_000)
            default: break
            }
            windows.append((from, to))
        }
        return windows
    }
}

struct StoreRollupTests {
    @Test func windowReadsAreIdenticalBeforeAndAfterRollUps() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let fleet = try RandomFleet(store: store, hours: 3, seed: 42)
        let windows = fleet.windows(count: 80, seed: 7)
        let everyCounter = fleet.counters
        let rollUpTimes = [fleet.start + 5_400_000, fleet.end + 7_200_000]
        for phase in 0...rollUpTimes.count {
            for window in windows {
                for ids in [[everyCounter[0]], everyCounter] {
                    let stored = try store.counterTotal(ids, from: window.from, to: window.to)
                    #expect(stored == fleet.counterTotal(ids, from: window.from, to: window.to), "phase \(phase)")
                }
                let histogram = try store.histogramTotal(fleet.histograms, from: window.from, to: window.to)
                #expect(histogram == fleet.histogramTotal(fleet.histograms, from: window.from, to: window.to))
            }
            if phase < rollUpTimes.count { try store.rollUp(now: rollUpTimes[phase]) }
        }
        #expect(try rowCount(temporary.path, "points_1h") > 0)
        #expect(try rowCount(temporary.path, "histogram_points_1m") > 0)
    }

    @Test func stepSeriesAreIdenticalBeforeAndAfterRollUpsAtEveryStep() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let fleet = try RandomFleet(store: store, hours: 3, seed: 9)
        let from = fleet.start - 1
        let to = fleet.end
        for phase in 0...2 {
            for step: Int64 in [5_000, 60_000, 300_000, 3_600_000] {
                let counters = try store.counterSeries(fleet.counters, from: from, to: to, step: step)
                #expect(counters.map(\.value) == fleet.counterSeries(fleet.counters, from: from, to: to, step: step))
                #expect(counters.allSatisfy { $0.ts % step == 0 })
                let gauges = try store.gaugeSeries(fleet.gauges, from: from, to: to, step: step)
                #expect(gauges.map(\.value) == fleet.gaugeSeries(fleet.gauges, from: from, to: to, step: step))
                let histograms = try store.histogramSeries(fleet.histograms, from: from, to: to, step: step)
                #expect(histograms.map(\.ts) == counters.map(\.ts))
                let expected = fleet.histogramSeries(fleet.histograms, step: step)
                #expect(histograms.map(\.total) == histograms.map { expected[$0.ts] })
            }
            try store.rollUp(now: phase == 0 ? fleet.start + 4_000_000 : fleet.end + 3_600_000)
        }
    }

    @Test func rollUpIsIdempotentAndOnlyRollsCompleteMinutes() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counter = try store.seriesID(for: .counter("requests_total"))
        let minute: Int64 = 1_764_000_000_000
        try store.write(
            StoreBatch(counterIncrements: [
                PointRecord(seriesID: counter, ts: minute + 1_000, value: 1),
                PointRecord(seriesID: counter, ts: minute + 59_999, value: 2),
                PointRecord(seriesID: counter, ts: minute + 60_000, value: 4),
            ])
        )
        try store.rollUp(now: minute + 90_000)
        try store.rollUp(now: minute + 90_000)
        #expect(try rowCount(temporary.path, "points_1m") == 1)
        #expect(try sumOf(temporary.path, "SELECT sum FROM points_1m") == 3)
        #expect(try store.counterTotal([counter], from: minute - 1, to: minute + 60_000) == 7)
    }

    @Test func lateWritesIntoRolledUpMinutesStayCounted() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counter = try store.seriesID(for: .counter("requests_total"))
        let histogram = try store.seriesID(for: .histogram("e2e", bounds: [1, .infinity]))
        let hour: Int64 = 1_764_000_000_000 - 1_764_000_000_000 % 3_600_000
        try store.write(StoreBatch(counterIncrements: [PointRecord(seriesID: counter, ts: hour + 10, value: 5)]))
        try store.rollUp(now: hour + 2 * 3_600_000)
        try store.write(
            StoreBatch(
                counterIncrements: [PointRecord(seriesID: counter, ts: hour + 20, value: 3)],
                histogramIncrements: [
                    HistogramRecord(seriesID: histogram, ts: hour + 30, count: 2, sum: 3, buckets: [1, 2])
                ]
            )
        )
        #expect(try store.counterTotal([counter], from: hour - 1, to: hour + 3_600_000 - 1) == 8)
        #expect(try store.counterSeries([counter], from: hour - 1, to: hour + 1, step: 3_600_000).map(\.value) == [8])
        let merged = try #require(try store.histogramTotal([histogram], from: hour - 1, to: hour + 3_600_000 - 1))
        #expect(merged.cumulativeCounts == [1, 2])
    }

    @Test func retentionDeletesEachTierAtItsOwnAge() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counter = try store.seriesID(for: .counter("requests_total"))
        let histogram = try store.seriesID(for: .histogram("e2e", bounds: [1, .infinity]))
        let day: Int64 = 86_400_000
        let now: Int64 = 1_764_028_800_000
        let ages: [Int64] = [400 * day, 40 * day, 10 * day, 3_600_000]
        try store.write(
            StoreBatch(
                counterIncrements: ages.map { PointRecord(seriesID: counter, ts: now - $0 + 5, value: 1) },
                histogramIncrements: ages.map {
                    HistogramRecord(seriesID: histogram, ts: now - $0 + 5, count: 1, sum: 1, buckets: [1, 1])
                }
            )
        )
        try store.rollUp(now: now)
        try store.applyRetention(now: now, raw: 2 * day, minute: 30 * day, hour: 365 * day)
        for prefix in ["points", "histogram_points"] {
            #expect(try rowCount(temporary.path, prefix) == 1)
            #expect(try rowCount(temporary.path, "\(prefix)_1m") == 2)
            #expect(try rowCount(temporary.path, "\(prefix)_1h") == 3)
        }
        #expect(try store.counterTotal([counter], from: now - 500 * day, to: now) == 3)
        #expect(try store.histogramTotal([histogram], from: now - 11 * day, to: now)?.count == 2)
    }

    @Test func retentionKeepsRawRowsThatAreNotRolledUpYet() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let counter = try store.seriesID(for: .counter("requests_total"))
        let day: Int64 = 86_400_000
        let now: Int64 = 1_764_028_800_000
        try store.write(
            StoreBatch(
                counterIncrements: [PointRecord(seriesID: counter, ts: now - 5 * day, value: 2)],
                scrapes: [
                    ScrapeRecord(target: "chat-prod", ts: now - 5 * day, health: .up, durationSeconds: 0.1, bytes: 9)
                ]
            )
        )
        try store.applyRetention(now: now, raw: 2 * day, minute: 30 * day, hour: 365 * day)
        #expect(try store.counterTotal([counter], from: now - 6 * day, to: now) == 2)
        #expect(try store.lastScrape(target: "chat-prod") == nil)
        try store.rollUp(now: now)
        try store.applyRetention(now: now, raw: 2 * day, minute: 30 * day, hour: 365 * day)
        #expect(try rowCount(temporary.path, "points") == 0)
        #expect(try store.counterTotal([counter], from: now - 6 * day, to: now) == 2)
    }
}

private func rowCount(_ path: String, _ table: String) throws -> Int {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
}

private func sumOf(_ path: String, _ sql: String) throws -> Double {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in try Double.fetchAll(db, sql: sql).reduce(0, +) }
}
