import Foundation
import GRDB

extension Store {
    /// Statuses of `targets` (in that order) over the `window` milliseconds ending at `now`, from
    /// the rows `memo` holds plus those written since its last read: for a reader that re-reads
    /// the same deployments every second. Equals `deploymentStatus(of:window:now:)` for each
    /// target (see `StatusWindowMemo` for when a window is read in full again).
    public func deploymentStatuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64,
        windows memo: StatusWindowMemo
    ) throws(StoreError) -> [DeploymentStatus] {
        if targets.isEmpty { return [] }
        return try perform("read") {
            try pool.read { db in try liveStatuses(of: targets, window: window, now: now, memo: memo, db) }
        }
    }

    /// `deploymentStatuses(of:window:now:windows:)` in the open read `db`.
    func liveStatuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64,
        memo: StatusWindowMemo,
        _ db: Database
    ) throws -> [DeploymentStatus] {
        let from = clampTime(windowStart(now: now, window: window))
        let to = clampTime(now)
        let canonical = try memo.series.series(of: targets, db)
        let names = WindowReader.jsonText(targets.map(\.name))
        let scrapes = try Store.newestScrapes(targets: names, db)
        let identities = try Store.newestVersions(targets: names, db)
        let watermarks = try watermarks(db)
        return try memo.state.withLock { state throws -> [DeploymentStatus] in
            try Store.dropLateWindows(&state, db)
            // Which rows each deployment needs: from the window start (a new or invalid window)
            // or after the newest one it holds.
            var needFrom: [Int64] = []
            var owner: [Int64: Int] = [:]
            var windows: [DeploymentWindow] = []
            for (index, (target, series)) in zip(targets, canonical).enumerated() {
                let pointIDs = Store.statusPointIDs(series)
                let histogramIDs = Store.statusHistogramIDs(series)
                if var held = state.windows[target.name], held.pointIDs == pointIDs,
                    held.histogramIDs == histogramIDs, held.coveredFrom <= from
                {
                    held.trim(before: from)
                    needFrom.append(max(held.seenThrough + 1, from))
                    windows.append(held)
                } else {
                    state.fullReads += 1
                    needFrom.append(from)
                    windows.append(
                        DeploymentWindow(
                            pointIDs: pointIDs,
                            histogramIDs: histogramIDs,
                            coveredFrom: from,
                            seenThrough: from - 1
                        )
                    )
                }
                for id in pointIDs + histogramIDs { owner[id] = index }
            }

            try Store.appendNewRows(
                to: &windows,
                needFrom: needFrom,
                owner: owner,
                watermarks: watermarks,
                db
            )

            var statuses: [DeploymentStatus] = []
            statuses.reserveCapacity(targets.count)
            for (index, (target, series)) in zip(targets, canonical).enumerated() {
                if let poll = scrapes[target.name]?.ts {
                    windows[index].seenThrough = max(windows[index].seenThrough, poll)
                }
                let held = windows[index]
                state.windows[target.name] = held
                let sums = held.counterSums(from: from, to: to)
                let gauges = held.latestValues(notBefore: from)
                let source = StatusSource(
                    total: { ids in WindowReader.total(ids, sums) },
                    histogram: { ids in
                        guard let layout = Store.histogramLayout(ids, describe: series.describe) else { return nil }
                        return held.histogramTotal(layout.ids, bounds: layout.bounds, from: from, to: to)
                    },
                    gauges: { _ in gauges },
                    scrape: scrapes[target.name],
                    identity: identities[target.name]
                )
                statuses.append(try Store.status(of: target, series, window: window, source))
            }
            return statuses
        }
    }

    /// The counter and gauge series a status reads.
    static func statusPointIDs(_ series: CanonicalSeries) -> [Int64] {
        [
            series.ids(.requests, RequestOutcome.success.labelText),
            series.ids(.requests, RequestOutcome.error.labelText), series.ids(.generationTokens),
            series.ids(.running), series.ids(.waiting), series.ids(.kvCacheUsage),
        ]
        .flatMap { $0 }
    }

    /// The histogram series a status reads (all of the canonical latency series; the layout is
    /// picked when the status is computed, as the store reads do).
    static func statusHistogramIDs(_ series: CanonicalSeries) -> [Int64] {
        series.ids(.e2eLatency) + series.ids(.timeToFirstToken)
    }

    /// Drops the windows of deployments with a scrape written since the last read whose
    /// timestamp is at or below what the window has seen (its rows would be missed), and every
    /// window when the store's scrape ids went back.
    private static func dropLateWindows(_ state: inout StatusWindowMemo.State, _ db: Database) throws {
        let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM scrapes"))
        defer { state.scrapeID = newest }
        // Windows read while the store had no scrape yet: every scrape written since is new.
        guard let seen = state.scrapeID ?? (state.windows.isEmpty ? nil : Int64.min) else { return }
        guard let newest, newest >= seen else {
            state.windows = [:]
            return
        }
        if newest == seen { return }
        let statement = try db.cachedStatement(sql: Store.oldestPollsAfterSQL)
        let rows = try Row.fetchCursor(statement, arguments: [seen])
        while let row = try rows.next() {
            let target: String = row[0]
            let oldest: Int64 = row[1]
            if let held = state.windows[target], oldest <= held.seenThrough { state.windows[target] = nil }
        }
    }

    /// The oldest poll per target among the scrapes after an id (`NOT INDEXED`: the rowid range
    /// of the few new rows, as `pollsAfterSQL`).
    static let oldestPollsAfterSQL = "SELECT target, MIN(ts) FROM scrapes NOT INDEXED WHERE id > ? GROUP BY target"

    /// Reads, in two grouped statements (points, histograms), the raw rows of every window's
    /// series from the earliest `needFrom` on, and appends each row to its deployment's window
    /// when it is at or after that deployment's `needFrom`.
    ///
    /// Raw rows only (not the 1-minute rows a window total may use for a whole minute below the
    /// watermark: those are exact sums of the same raw rows, kept 48 h). Rows at or above the
    /// 1-minute watermark are all in the recent tables, so `points` is read only when the range
    /// starts below it.
    private static func appendNewRows(
        to windows: inout [DeploymentWindow],
        needFrom: [Int64],
        owner: [Int64: Int],
        watermarks: Watermarks,
        _ db: Database
    ) throws {
        guard let start = needFrom.min() else { return }
        let end: Int64 = 1 << 62
        let reader = WindowReader(db, watermarks: watermarks)
        let pointIDs = windows.flatMap(\.pointIDs)
        let histogramIDs = windows.flatMap(\.histogramIDs)
        func sources(histograms: Bool) -> [WindowReader.Source] {
            WindowReader.sources(of: TierSegment(tier: .raw, start: start, end: end), histograms: histograms)
                .filter { $0.isRecent || start < watermarks.minute }
        }
        if !pointIDs.isEmpty {
            let json = WindowReader.json(pointIDs)
            for source in sources(histograms: false) {
                try reader.forEachRow(select: "series_id, ts, value", from: source, ids: json, start: start, end: end) {
                    row in
                    let id = row.int64(at: 0)
                    let ts = row.int64(at: 1)
                    guard let index = owner[id], ts >= needFrom[index] else { return }
                    windows[index].points[id, default: []].append(.init(ts: ts, value: row.double(at: 2)))
                    windows[index].seenThrough = max(windows[index].seenThrough, ts)
                }
            }
        }
        if !histogramIDs.isEmpty {
            let json = WindowReader.json(histogramIDs)
            for source in sources(histograms: true) {
                try reader.forEachRow(
                    select: "series_id, ts, count, sum, buckets",
                    from: source,
                    ids: json,
                    start: start,
                    end: end
                ) { row in
                    let id = row.int64(at: 0)
                    let ts = row.int64(at: 1)
                    guard let index = owner[id], ts >= needFrom[index] else { return }
                    let blob = row.blob(at: 4)
                    windows[index].histograms[id, default: []].append(
                        .init(ts: ts, count: row.double(at: 2), sum: row.double(at: 3), buckets: Data(blob))
                    )
                    windows[index].seenThrough = max(windows[index].seenThrough, ts)
                }
            }
        }
    }
}
