import Foundation
import GRDB
import Vocabulary

extension Store {
    /// Runs `body` on one consistent view of the store (one SQLite read transaction): every call
    /// on the view sees the same committed state, whatever the collector writes meanwhile.
    ///
    /// The view is valid only during the call. Readers (the read model) compose the window
    /// primitives below into what they show; nothing of theirs is called from inside the store.
    public func read<T>(_ body: (StoreView) throws -> T) throws(StoreError) -> T {
        try perform("read") {
            try pool.read { db in try body(StoreView(db: db, store: self, watermarks: try watermarks(db))) }
        }
    }
}

/// The window primitives of one read transaction: targets, polls, canonical series, counter
/// sums, histogram totals, latest gauges, raw rows since a time, newest scrapes and versions.
///
/// Times are milliseconds since the Unix epoch; windows are `(from, to]` as everywhere in the
/// store, and exact across tiers (whole rolled-up hours, minutes, then raw rows).
public struct StoreView {
    let db: Database
    let store: Store
    let watermarks: Watermarks

    var reader: WindowReader { WindowReader(db, watermarks: watermarks) }

    /// Every target, by name.
    public func targets() throws -> [TargetRecord] {
        // A cursor decodes each row in place (no copied `Row` per record): read every second.
        try Array(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT name, url, kind, environment, latency_every_ms FROM targets ORDER BY name"
                )
            )
            .map { TargetRecord(name: $0[0], url: $0[1], kind: $0[2], environment: $0[3], latencyEvery: $0[4]) }
        )
    }

    /// The newest poll of each target among the scrapes written after `scrapeID` (see
    /// `Store.polls(after:)`).
    public func polls(after scrapeID: Int64?) throws -> PollsSince {
        let polls = try Store.polls(after: scrapeID, db)
        return PollsSince(polls: polls.polls, newestScrapeID: polls.newestScrapeID, isComplete: polls.isComplete)
    }

    /// The store's largest scrape id; nil before the first scrape.
    public func newestScrapeID() throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM scrapes"))
    }

    /// The oldest poll per target among the scrapes written after `scrapeID`: a reader holding
    /// rows through some time learns which targets wrote a poll at or below it (a late poll).
    public func oldestPolls(afterScrapeID scrapeID: Int64) throws -> [String: Int64] {
        var oldest: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: Self.oldestPollsAfterSQL), arguments: [scrapeID])
        while let row = try rows.next() { oldest[row[0]] = row[1] }
        return oldest
    }

    /// `NOT INDEXED`: the rowid range of the few new rows, as `Store.pollsAfterSQL`.
    static let oldestPollsAfterSQL = "SELECT target, MIN(ts) FROM scrapes NOT INDEXED WHERE id > ? GROUP BY target"

    /// The canonical series of `targets`, in that order (remembered store-wide between reads;
    /// see `CanonicalSeriesMemo`).
    public func canonicalSeries(of targets: [TargetRecord]) throws -> [CanonicalSeries] {
        try store.canonicalSeries.series(of: targets, db)
    }

    /// The newest scrape of each named target that has one.
    public func newestScrapes(of names: [String]) throws -> [String: ScrapeRecord] {
        try Store.newestScrapes(targets: WindowReader.jsonText(names), db)
    }

    /// The newest version record of each named target that has one.
    public func newestVersions(of names: [String]) throws -> [String: VersionRecord] {
        try Store.newestVersions(targets: WindowReader.jsonText(names), db)
    }

    /// Per counter series of `ids`, the sum of its increments in `(from, to]` (one grouped
    /// statement per tier and table, whatever the number of ids).
    public func counterSums(_ ids: [Int64], from: Int64, to: Int64) throws -> CounterSums {
        CounterSums(try reader.counterSums(ids, from: clampTime(from), to: clampTime(to)))
    }

    /// The merged histogram of each layout over `(from, to]`, in `layouts` order (nil: no row);
    /// the rows of every layout are read together.
    public func histogramTotals(_ layouts: [HistogramLayout], from: Int64, to: Int64) throws -> [HistogramTotal?] {
        var accumulators = layouts.map { HistogramAccumulator(upperBounds: $0.bounds) }
        var groupOf: [Int64: Int] = [:]
        for (index, layout) in layouts.enumerated() {
            for id in layout.ids { groupOf[id] = index }
        }
        try reader.forEachHistogramRow(Array(groupOf.keys).sorted(), from: clampTime(from), to: clampTime(to)) {
            id,
            count,
            sum,
            buckets in
            if let group = groupOf[id] { accumulators[group].add(count: count, sum: sum, buckets: buckets) }
        }
        return accumulators.map(\.total)
    }

    /// The latest value of each gauge series of `ids` with `ts >= notBefore`.
    public func latestGauges(_ ids: [Int64], notBefore: Int64) throws -> [Int64: Double] {
        try reader.latestGauges(ids, notBefore: notBefore)
    }

    /// Every raw counter or gauge row of `ids` with `ts >= since`, in no particular order: series
    /// id, time, value. For a reader that keeps a window in memory and appends what is new.
    ///
    /// Raw rows only (a rollup copies them into `points` and the 1-minute tier; the increments
    /// stay the same, so a row once read stays valid). Rows at or above the 1-minute watermark
    /// are all in the recent table, so `points` is read only when `since` is below it.
    public func forEachRawPoint(_ ids: [Int64], since: Int64, _ body: (Int64, Int64, Double) throws -> Void) throws {
        if ids.isEmpty { return }
        let json = WindowReader.json(ids)
        for source in rawSources(since: since, histograms: false) {
            try reader.forEachRow(select: "series_id, ts, value", from: source, ids: json, start: since, end: Self.end)
            {
                row in try body(row.int64(at: 0), row.int64(at: 1), row.double(at: 2))
            }
        }
    }

    /// Every raw histogram row of `ids` with `ts >= since`, as `forEachRawPoint`: series id,
    /// time, count and sum increments, bucket blob (valid during the call; `HistogramAccumulator`
    /// reads it).
    public func forEachRawHistogram(
        _ ids: [Int64],
        since: Int64,
        _ body: (Int64, Int64, Double, Double, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if ids.isEmpty { return }
        let json = WindowReader.json(ids)
        for source in rawSources(since: since, histograms: true) {
            try reader.forEachRow(
                select: "series_id, ts, count, sum, buckets",
                from: source,
                ids: json,
                start: since,
                end: Self.end
            ) { row in
                try body(row.int64(at: 0), row.int64(at: 1), row.double(at: 2), row.double(at: 3), row.blob(at: 4))
            }
        }
    }

    /// Later than any time a store holds.
    private static let end: Int64 = 1 << 62

    private func rawSources(since: Int64, histograms: Bool) -> [WindowReader.Source] {
        WindowReader.sources(of: TierSegment(tier: .raw, start: since, end: Self.end), histograms: histograms)
            .filter { $0.isRecent || since < watermarks.minute }
    }
}

/// What `StoreView.polls(after:)` finds: the newest poll per target among the new scrapes, the
/// id to pass next time, and whether the polls are every target's (a first read, or the scrapes
/// were removed).
public struct PollsSince: Sendable {
    public var polls: [String: Int64]
    public var newestScrapeID: Int64?
    public var isComplete: Bool
}

/// Per counter series, the sum of its increments over a window and how many rows it has there.
public struct CounterSums: Sendable {
    var sums: [Int64: (sum: Double, points: Int)]

    init(_ sums: [Int64: (sum: Double, points: Int)]) { self.sums = sums }

    /// Sums built by a reader from rows it holds: per series id, the sum and the row count.
    public init(rows: [Int64: (sum: Double, points: Int)]) { sums = rows }

    /// The window total of `ids`, each id once in `ids` order; nil when none of them has a row.
    public func total(_ ids: [Int64]) -> Double? { WindowReader.total(ids, sums) }
}

/// The bucket bounds to merge a metric's histograms with, and the series ids that share them
/// (`CanonicalSeries.layout(of:)`): the series of another layout are left out of a window.
public struct HistogramLayout: Sendable, Hashable {
    public var bounds: [Double]
    public var ids: [Int64]

    public init(bounds: [Double], ids: [Int64]) {
        self.bounds = bounds
        self.ids = ids
    }
}
