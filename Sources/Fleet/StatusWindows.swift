import Foundation
import Store
import Synchronization
import Vocabulary

/// Deployments' status windows kept between fleet status reads, so a reader that refreshes every
/// second (the console, later the alert evaluator) reads only the rows written since its last
/// read.
///
/// Per deployment it holds the raw rows of its canonical series (counter increments and gauge
/// values by timestamp, histogram increments with their bucket blobs) from the window start on
/// (its latency window's, when that is longer: `latencyWindow(_:_:)`; its counters and gauges
/// are then held from there too, a little more memory for a simpler window), and the newest
/// timestamp it has seen (`seenThrough`). A refresh appends the rows with a larger timestamp
/// (one grouped read for all due deployments, `StoreView.forEachRawPoint` and
/// `forEachRawHistogram`), drops those that slid out of the window and computes the status from
/// memory through `DeploymentStatus(_:_:window:_:)`, the function the store reads use. Raw rows
/// never change once written (a rollup copies them; the increments stay the same), so rows read
/// once stay valid.
///
/// A deployment's window is read again in full when it is new, when its canonical series changed
/// (a series was added), when the window start moved back (the clock went back) or when a scrape
/// arrived with a timestamp at or below `seenThrough` (a late poll: its rows are below what the
/// next read asks for). When the store's scrape ids go back (another store, the scrapes removed)
/// every window is dropped.
public final class StatusWindows: Sendable {
    private let state = Mutex(State())

    public init() {}

    struct State {
        /// The store's largest scrape id at the last read (scrapes after it are checked for late
        /// polls).
        var scrapeID: Int64?
        var windows: [String: DeploymentWindow] = [:]
        /// Full window reads since these windows were made.
        var fullReads = 0
    }

    /// How many deployment windows were read in full so far (the rest were appended to).
    public var fullReads: Int { state.withLock { $0.fullReads } }

    /// Statuses of `targets` (in that order) over the `window` milliseconds ending at `now`, from
    /// the rows held plus those written since the last read, in the open `view`. Equals
    /// `StatusReader.status(of:window:now:)` for each target.
    public func statuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64,
        in view: StoreView
    ) throws -> [DeploymentStatus] {
        if targets.isEmpty { return [] }
        let from = clampTime(windowStart(now: now, window: window))
        let to = clampTime(now)
        let canonical = try view.canonicalSeries(of: targets)
        let names = targets.map(\.name)
        let scrapes = try view.newestScrapes(of: names)
        let identities = try view.newestVersions(of: names)
        return try state.withLock { state throws -> [DeploymentStatus] in
            try Self.dropLateWindows(&state, view)
            // Which rows each deployment needs: from the window start (a new or invalid window)
            // or after the newest one it holds.
            var needFrom: [Int64] = []
            var owner: [Int64: Int] = [:]
            var windows: [DeploymentWindow] = []
            // Rows are held from the start of the deployment's latency window, at or before `from`.
            let latencyFrom = targets.map { clampTime(windowStart(now: now, window: latencyWindow(window, $0))) }
            for (index, (target, series)) in zip(targets, canonical).enumerated() {
                let pointIDs = DeploymentStatus.counterIDs(series) + DeploymentStatus.gaugeIDs(series)
                let histogramIDs = DeploymentStatus.latencyMetrics.flatMap { series.ids($0) }
                let start = latencyFrom[index]
                if var held = state.windows[target.name], held.pointIDs == pointIDs,
                    held.histogramIDs == histogramIDs, held.coveredFrom <= start
                {
                    held.trim(before: start)
                    needFrom.append(max(held.seenThrough + 1, start))
                    windows.append(held)
                } else {
                    state.fullReads += 1
                    needFrom.append(start)
                    windows.append(
                        DeploymentWindow(
                            pointIDs: pointIDs,
                            histogramIDs: histogramIDs,
                            coveredFrom: start,
                            seenThrough: start - 1
                        )
                    )
                }
                for id in pointIDs + histogramIDs { owner[id] = index }
            }
            try Self.appendNewRows(to: &windows, needFrom: needFrom, owner: owner, view)

            var statuses: [DeploymentStatus] = []
            statuses.reserveCapacity(targets.count)
            for (index, (target, series)) in zip(targets, canonical).enumerated() {
                if let poll = scrapes[target.name]?.ts {
                    windows[index].seenThrough = max(windows[index].seenThrough, poll)
                }
                let held = windows[index]
                state.windows[target.name] = held
                let sums = CounterSums(rows: held.counterSums(from: from, to: to))
                let gauges = held.latestValues(notBefore: from)
                let inputs = StatusInputs(
                    total: { ids in sums.total(ids) },
                    histogram: { layout in
                        held.histogramTotal(layout.ids, bounds: layout.bounds, from: latencyFrom[index], to: to)
                    },
                    gauges: { _ in gauges },
                    scrape: scrapes[target.name],
                    identity: identities[target.name]
                )
                statuses.append(try DeploymentStatus(target, series, window: window, inputs))
            }
            return statuses
        }
    }

    /// Drops the windows of deployments with a scrape written since the last read whose
    /// timestamp is at or below what the window has seen (its rows would be missed), and every
    /// window when the store's scrape ids went back.
    private static func dropLateWindows(_ state: inout State, _ view: StoreView) throws {
        let newest = try view.newestScrapeID()
        defer { state.scrapeID = newest }
        // Windows read while the store had no scrape yet: every scrape written since is new.
        guard let seen = state.scrapeID ?? (state.windows.isEmpty ? nil : Int64.min) else { return }
        guard let newest, newest >= seen else {
            state.windows = [:]
            return
        }
        if newest == seen { return }
        for (target, oldest) in try view.oldestPolls(afterScrapeID: seen) {
            if let held = state.windows[target], oldest <= held.seenThrough { state.windows[target] = nil }
        }
    }

    /// Reads, in two grouped reads (points, histograms), the raw rows of every window's series
    /// from the earliest `needFrom` on, and appends each row to its deployment's window when it
    /// is at or after that deployment's `needFrom`.
    ///
    /// Raw rows only: a window total may use a 1-minute row for a whole minute below the
    /// watermark, which is the exact sum of the same raw rows (kept 48 h).
    private static func appendNewRows(
        to windows: inout [DeploymentWindow],
        needFrom: [Int64],
        owner: [Int64: Int],
        _ view: StoreView
    ) throws {
        guard let start = needFrom.min() else { return }
        try view.forEachRawPoint(windows.flatMap(\.pointIDs), since: start) { id, ts, value in
            guard let index = owner[id], ts >= needFrom[index] else { return }
            windows[index].points[id, default: []].append(.init(ts: ts, value: value))
            windows[index].seenThrough = max(windows[index].seenThrough, ts)
        }
        try view.forEachRawHistogram(windows.flatMap(\.histogramIDs), since: start) { id, ts, count, sum, buckets in
            guard let index = owner[id], ts >= needFrom[index] else { return }
            windows[index].histograms[id, default: []].append(
                .init(ts: ts, count: count, sum: sum, buckets: Data(buckets))
            )
            windows[index].seenThrough = max(windows[index].seenThrough, ts)
        }
    }
}
