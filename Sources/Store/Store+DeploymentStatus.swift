import Analysis
import GRDB
import Synchronization

extension Store {
    /// Status of every known deployment over the `window` milliseconds ending at `now`, by name.
    ///
    /// Fleet-wide: each canonical metric is read for all deployments at once (one grouped
    /// statement per tier and table), in one read transaction; the result equals calling
    /// `deploymentStatus(of:window:now:)` for each target.
    public func deploymentStatuses(window: Int64, now: Int64) throws(StoreError) -> [DeploymentStatus] {
        try fleetStatuses(of: nil, window: window, now: now)
    }

    /// Status of `targets` (in that order) over the `window` milliseconds ending at `now`, read
    /// fleet-wide as `deploymentStatuses(window:now:)` does: for a console that re-reads only the
    /// deployments that polled again.
    public func deploymentStatuses(
        of targets: [TargetRecord],
        window: Int64,
        now: Int64
    ) throws(StoreError) -> [DeploymentStatus] {
        if targets.isEmpty { return [] }
        return try fleetStatuses(of: targets, window: window, now: now)
    }

    /// Status of one deployment: a handful of indexed window reads over its canonical series.
    public func deploymentStatus(
        of target: TargetRecord,
        window: Int64,
        now: Int64
    ) throws(StoreError) -> DeploymentStatus {
        let from = windowStart(now: now, window: window)
        let canonical = CanonicalSeries(try series(target: target.name).map { ($0.id, $0.key) })
        let source = StatusSource(
            total: { ids throws(StoreError) in ids.isEmpty ? nil : try self.counterTotal(ids, from: from, to: now) },
            histogram: { ids throws(StoreError) in ids.isEmpty ? nil : try self.histogramTotal(ids, from: from, to: now)
            },
            gauges: { ids throws(StoreError) in try self.latestGauges(ids, notBefore: from) },
            scrape: try lastScrape(target: target.name),
            identity: try latestVersion(target: target.name)
        )
        return try Store.status(of: target, canonical, window: window, source)
    }

    /// One console refresh in one read transaction (one snapshot of the store, one start of a
    /// read): every target, the newest polls among the scrapes written after `scrapeID` (as
    /// `polls(after:)`), and the statuses of the targets `due` picks from those two, in its order,
    /// computed from the windows `windows` holds plus the rows written since its last read (as
    /// `deploymentStatuses(of:window:now:windows:)`).
    public func refreshFleet(
        after scrapeID: Int64?,
        window: Int64,
        now: Int64,
        windows: StatusWindowMemo,
        due: ([TargetRecord], _ polls: [String: Int64], _ isComplete: Bool) -> [TargetRecord]
    ) throws(StoreError) -> FleetRefresh {
        try perform("read") {
            try pool.read { db in
                // Cursors decode each row in place (no copied `Row` per record): the refresh runs
                // every second.
                let targets = try Array(
                    Row.fetchCursor(
                        db.cachedStatement(sql: "SELECT name, url, kind, environment FROM targets ORDER BY name")
                    )
                    .map { TargetRecord(name: $0[0], url: $0[1], kind: $0[2], environment: $0[3]) }
                )
                let polls = try Store.polls(after: scrapeID, db)
                let wanted = due(targets, polls.polls, polls.isComplete)
                let statuses =
                    wanted.isEmpty ? [] : try liveStatuses(of: wanted, window: window, now: now, memo: windows, db)
                return (targets, polls.polls, polls.newestScrapeID, polls.isComplete, statuses)
            }
        }
    }

    /// What `refreshFleet` returns: every target, the newest polls among the new scrapes and
    /// the id to pass next time, whether those polls are every target's, the due statuses.
    public typealias FleetRefresh = (
        targets: [TargetRecord], polls: [String: Int64], newestScrapeID: Int64?, isComplete: Bool,
        statuses: [DeploymentStatus]
    )

    /// The fleet read in its own read transaction.
    private func fleetStatuses(
        of given: [TargetRecord]?,
        window: Int64,
        now: Int64
    ) throws(StoreError)
        -> [DeploymentStatus]
    {
        try perform("read") {
            try pool.read { db in try fleetStatuses(of: given, window: window, now: now, db) }
        }
    }

    /// The fleet read in the open read `db`: canonical series of every target (all of them when
    /// `given` is nil), then one grouped read per metric kind.
    private func fleetStatuses(
        of given: [TargetRecord]?,
        window: Int64,
        now: Int64,
        _ db: Database
    ) throws -> [DeploymentStatus] {
        let from = windowStart(now: now, window: window)
        let targets =
            try given
            ?? Row.fetchAll(
                db.cachedStatement(sql: "SELECT name, url, kind, environment FROM targets ORDER BY name")
            )
            .map { TargetRecord(name: $0[0], url: $0[1], kind: $0[2], environment: $0[3]) }
        let reader = WindowReader(db, watermarks: try watermarks(db))
        let canonical = try targets.map { try CanonicalSeries(target: $0.name, db) }

        let counters = canonical.flatMap { series in
            [
                series.ids(.requests, RequestOutcome.success.labelText),
                series.ids(.requests, RequestOutcome.error.labelText), series.ids(.generationTokens),
            ]
            .joined()
        }
        let sums = try reader.counterSums(counters, from: clampTime(from), to: clampTime(now))

        var layouts: [[Int64]: Int] = [:]
        var accumulators: [HistogramAccumulator] = []
        var groupOf: [Int64: Int] = [:]
        for series in canonical {
            for metric in [CanonicalMetric.e2eLatency, .timeToFirstToken] {
                let ids = series.ids(metric)
                guard let layout = Store.histogramLayout(ids, describe: series.describe) else { continue }
                layouts[ids] = accumulators.count
                for id in layout.ids { groupOf[id] = accumulators.count }
                accumulators.append(HistogramAccumulator(upperBounds: layout.bounds))
            }
        }
        try reader.forEachHistogramRow(Array(groupOf.keys).sorted(), from: clampTime(from), to: clampTime(now)) {
            id,
            count,
            sum,
            buckets in
            if let group = groupOf[id] { accumulators[group].add(count: count, sum: sum, buckets: buckets) }
        }

        let gaugeIDs = canonical.flatMap { series in
            [CanonicalMetric.running, .waiting, .kvCacheUsage].flatMap { series.ids($0) }
        }
        let gauges = try reader.latestGauges(gaugeIDs, notBefore: from)

        let names = WindowReader.jsonText(targets.map(\.name))
        let scrapes = try Store.newestScrapes(targets: names, db)
        let identities = try Store.newestVersions(targets: names, db)
        return try zip(targets, canonical).map { target, series in
            let source = StatusSource(
                total: { ids in WindowReader.total(ids, sums) },
                histogram: { ids in layouts[ids].flatMap { accumulators[$0].total } },
                gauges: { _ in gauges },
                scrape: scrapes[target.name],
                identity: identities[target.name]
            )
            return try Store.status(of: target, series, window: window, source)
        }
    }

    /// The newest scrape of each target named in the JSON array `targets` (what
    /// `scrapes(target:limit: 1)` gives for each), in one statement: one index seek per target.
    static func newestScrapes(targets: String, _ db: Database) throws -> [String: ScrapeRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT s.target, s.ts, s.health, s.duration, s.bytes, s.error FROM json_each(?) AS t
                JOIN scrapes AS s ON s.id = (
                    SELECT id FROM scrapes WHERE target = t.value ORDER BY ts DESC, id DESC LIMIT 1)
                """
        )
        var newest: [String: ScrapeRecord] = [:]
        let rows = try Row.fetchCursor(statement, arguments: [targets])
        while let row = try rows.next() {
            let record = ScrapeRecord(
                target: row[0],
                ts: row[1],
                health: row[2],
                durationSeconds: row[3],
                bytes: row[4],
                error: row[5]
            )
            newest[record.target] = record
        }
        return newest
    }

    /// The newest version record of each target named in the JSON array `targets` (what
    /// `versions(target:limit: 1)` gives for each), in one statement.
    static func newestVersions(targets: String, _ db: Database) throws -> [String: VersionRecord] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT v.target, v.ts, v.model, v.version FROM json_each(?) AS t
                JOIN versions AS v ON v.id = (
                    SELECT id FROM versions WHERE target = t.value ORDER BY ts DESC, id DESC LIMIT 1)
                """
        )
        var newest: [String: VersionRecord] = [:]
        let rows = try Row.fetchCursor(statement, arguments: [targets])
        while let row = try rows.next() {
            let record = VersionRecord(target: row[0], ts: row[1], model: row[2], version: row[3])
            newest[record.target] = record
        }
        return newest
    }

    /// `now - window`, saturated instead of trapping for windows and times a caller got wrong.
    func windowStart(now: Int64, window: Int64) -> Int64 {
        let (difference, overflow) = now.subtractingReportingOverflow(window)
        return overflow ? (window > 0 ? Int64.min : Int64.max) : difference
    }

    /// Where a status's numbers come from: per-deployment reads or a fleet read's results.
    struct StatusSource {
        /// Window total of counter ids (nil: no point).
        var total: ([Int64]) throws(StoreError) -> Double?
        /// Merged window histogram of histogram ids (nil: no point).
        var histogram: ([Int64]) throws(StoreError) -> HistogramTotal?
        /// Latest gauge values of ids with `ts >=` the window start (may hold other ids too).
        var gauges: ([Int64]) throws(StoreError) -> [Int64: Double]
        var scrape: ScrapeRecord?
        var identity: VersionRecord?
    }

    /// Builds one status from its numbers: the one place rates, ratios and quantiles are derived.
    static func status(
        of target: TargetRecord,
        _ series: CanonicalSeries,
        window: Int64,
        _ source: StatusSource
    ) throws(StoreError) -> DeploymentStatus {
        let seconds = Double(window) / 1000
        func quantiles(_ metric: CanonicalMetric) throws(StoreError) -> LatencyQuantiles {
            guard let histogram = try source.histogram(series.ids(metric)), histogram.count > 0 else {
                return LatencyQuantiles()
            }
            let buckets = zip(histogram.upperBounds, histogram.cumulativeCounts).map {
                HistogramBucket(upperBound: $0, cumulativeCount: $1)
            }
            let value = { (q: Double) -> Double? in
                let result = histogramQuantile(q, buckets)
                return result.isFinite ? result : nil
            }
            return LatencyQuantiles(p50: value(0.5), p95: value(0.95), p99: value(0.99))
        }

        let successes = try source.total(series.ids(.requests, RequestOutcome.success.labelText))
        let errors = try source.total(series.ids(.requests, RequestOutcome.error.labelText))
        var requests: Double?
        if successes != nil || errors != nil { requests = (successes ?? 0) + (errors ?? 0) }
        let gaugeIDs = [CanonicalMetric.running, .waiting, .kvCacheUsage].map { ($0, series.ids($0)) }
        let gauges = try source.gauges(gaugeIDs.flatMap(\.1))
        func gauge(_ metric: CanonicalMetric) -> Double? {
            gaugeIDs.first { $0.0 == metric }?.1.compactMap { gauges[$0] }.first
        }
        let generated = try source.total(series.ids(.generationTokens))
        let identity = source.identity
        return DeploymentStatus(
            name: target.name,
            kind: target.kind,
            environment: target.environment,
            health: source.scrape?.health,
            lastError: source.scrape?.error,
            lastPoll: source.scrape?.ts,
            model: identity.flatMap { $0.model.isEmpty ? nil : $0.model },
            version: identity.flatMap { $0.version.isEmpty ? nil : $0.version },
            versionSeenAt: identity?.ts,
            requestsPerSecond: requests.map { $0 / seconds },
            errorRatio: requests.flatMap { $0 > 0 ? (errors ?? 0) / $0 : nil },
            latencySeconds: try quantiles(.e2eLatency),
            ttftSeconds: try quantiles(.timeToFirstToken),
            tokensPerSecond: generated.map { $0 / seconds },
            running: gauge(.running),
            waiting: gauge(.waiting),
            kvCacheUsage: gauge(.kvCacheUsage)
        )
    }
}

/// Deployments' canonical series kept between fleet status reads.
///
/// Series rows are only ever added (never deleted or changed), each with a larger id than any
/// before it, so a deployment's remembered series are current unless a series with an id above
/// the largest one seen at the last read belongs to it: one `MAX(id)` lookup per read, and when
/// it moved, one range read of the new rows' targets, replace an index read and bounds decode
/// per deployment. A collector keeps adding series for a while (an error outcome seen for the
/// first time), so only the deployments that gained one are read again.
final class CanonicalSeriesMemo: Sendable {
    private struct Remembered {
        /// The store's largest series id at the last read.
        var newestID: Int64?
        var series: [String: CanonicalSeries] = [:]
    }

    private let remembered = Mutex(Remembered())

    init() {}

    /// The canonical series of `targets` (in that order) in the open read `db`.
    func series(of targets: [TargetRecord], _ db: Database) throws -> [CanonicalSeries] {
        try remembered.withLock { memory throws -> [CanonicalSeries] in
            let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM series"))
            if newest != memory.newestID {
                if let seen = memory.newestID, let newest, newest > seen {
                    let statement = try db.cachedStatement(sql: "SELECT target FROM series WHERE id > ?")
                    for target in try String.fetchAll(statement, arguments: [seen]) {
                        memory.series[target] = nil
                    }
                } else {
                    memory.series = [:]
                }
                memory.newestID = newest
            }
            return try targets.map { target in
                if let series = memory.series[target.name] { return series }
                let series = try CanonicalSeries(target: target.name, db)
                memory.series[target.name] = series
                return series
            }
        }
    }
}
