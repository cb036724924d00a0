import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing

@testable import Store

/// A store written with the released "v1" layout (every raw row series-ordered in `points`)
/// opens, migrates to the time-ordered recent tables and reads the same totals.
struct StoreMigrationTests {
    private static let minute: Int64 = 60_000

    @Test func storeWrittenByTheV1SchemaReadsTheSameAfterMigrating() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let t = alignDown(StoreFixtures.origin, Self.minute)
        let watermark = t + 2 * Self.minute
        let ticks = (0..<60).map { t + Int64($0) * 5_000 }
        let counters: Int64 = 3
        let gauge: Int64 = 4
        let histogram: Int64 = 5
        do {
            let queue = try DatabaseQueue(path: temporary.path)
            try Schema.migrator.migrate(queue, upTo: "v1 series, points, rollups, history")
            try queue.write { db in
                for id in 1...counters {
                    try db.execute(
                        sql: "INSERT INTO series VALUES (?, 'chat-prod', ?, '', 0, x'')",
                        arguments: [id, "c\(id)_total"]
                    )
                }
                try db.execute(
                    sql: "INSERT INTO series VALUES (?, 'chat-prod', 'running', '', 1, x'')",
                    arguments: [gauge]
                )
                try db.execute(
                    sql: "INSERT INTO series VALUES (?, 'chat-prod', 'latency', '', 2, ?)",
                    arguments: [histogram, BucketCodec.encode([1, .infinity])]
                )
                for ts in ticks {
                    for id in 1...counters {
                        try db.execute(sql: "INSERT INTO points VALUES (?, ?, ?)", arguments: [id, ts, id])
                    }
                    try db.execute(
                        sql: "INSERT INTO points VALUES (?, ?, ?)",
                        arguments: [gauge, ts, (ts / 5_000) % 7]
                    )
                }
                // One histogram row per minute, so the 1-minute rollup below is a plain copy.
                for ts in stride(from: t, to: t + 5 * Self.minute, by: Int(Self.minute)) {
                    try db.execute(
                        sql: "INSERT INTO histogram_points VALUES (?, ?, 2, 3, ?)",
                        arguments: [histogram, ts + 1, BucketCodec.encode([1, 2])]
                    )
                }
                // What v1's rollUp left behind: minutes below the watermark rolled up.
                try db.execute(
                    sql: """
                        INSERT INTO points_1m SELECT series_id, ts / 60000 * 60000, SUM(value), MIN(value), MAX(value),
                            COUNT(*), MAX(value) FROM points WHERE ts < ? GROUP BY series_id, ts / 60000;
                        INSERT INTO histogram_points_1m SELECT series_id, ts / 60000 * 60000, count, sum, buckets
                            FROM histogram_points WHERE ts < ?;
                        UPDATE rollup_state SET watermark = ? WHERE tier = '1m';
                        """,
                    arguments: [watermark, watermark, watermark]
                )
            }
        }
        let store = try temporary.open()
        let queue = try DatabaseQueue(path: temporary.path)
        let moved = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points WHERE ts >= ?", arguments: [watermark])
        }
        #expect(moved == 0)
        let end = t + 5 * Self.minute
        func expectReads() throws {
            for id in 1...counters {
                #expect(try store.counterTotal([id], from: t - 1, to: end) == Double(60 * id))
                #expect(try store.counterTotal([id], from: t + 30_000, to: t + 200_000) == Double(34 * id))
            }
            #expect(try store.counterTotal(Array(1...counters), from: t - 1, to: end) == 360)
            let steps = try store.counterSeries([1, 2], from: t - 1, to: end, step: Self.minute)
            #expect(steps.map(\.value) == [36, 36, 36, 36, 36])
            let gauges = try store.gaugeSeries([gauge], from: t - 1, to: end, step: Self.minute)
            let expected = stride(from: t, to: end, by: Int(Self.minute)).map { start in
                let values = ticks.filter { $0 >= start && $0 < start + Self.minute }.map { Double(($0 / 5_000) % 7) }
                return values.reduce(0, +) / Double(values.count)
            }
            #expect(gauges.map(\.value) == expected)
            #expect(try store.latestGauges([gauge], notBefore: t) == [gauge: Double((ticks[59] / 5_000) % 7)])
            let latency = try #require(try store.histogramTotal([histogram], from: t - 1, to: end))
            #expect(latency.count == 10)
            #expect(latency.cumulativeCounts == [5, 10])
        }
        try expectReads()
        try store.rollUp(now: t + 4 * Self.minute)
        try expectReads()
        try store.rollUp(now: end + Self.minute)
        try expectReads()
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM points_recent") } == 0)
    }
}
