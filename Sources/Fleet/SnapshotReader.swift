import Analysis
import Config
import Glibc
import Store
import Synchronization
import Vocabulary

/// Builds `FleetSnapshot`s from the store for a reader that refreshes every second (the console).
///
/// The fleet rows are `DeploymentStatus`es computed as `StatusReader` computes them for
/// `llmdeck status`, from remembered windows; the charts read the canonical `llmdeck:` histograms
/// (`CanonicalMetric`) per step.
/// Errors become the snapshot's `error`, never a throw, so the UI keeps the previous data and
/// says what went wrong.
///
/// Idle cost: the rows to read are read fleet-wide (a few grouped queries), and the reader avoids
/// repeating even those. `readIfChanged` skips a read when neither the store file nor the request
/// changed, and a fleet row is re-read only when its deployment has a new poll or the row is
/// older than `rowLifetime` (the window slides, so a quiet deployment's numbers still age out).
public final class SnapshotReader: Sendable {
    public let store: Store
    /// Milliseconds the fleet rates and quantiles are computed over.
    public let statusWindow: Int64
    /// Milliseconds a fleet row is reused while its deployment has no new poll.
    public let rowLifetime: Int64
    /// How the Experiments pane's experiments are judged.
    public let experimentRules: ExperimentRules
    /// Prices fleet rows (`costPerHour`) and experiments without exported cost.
    public let pricing: PriceTable
    /// The alert rules in force: names, thresholds and summaries of the alerts read.
    public let alertRules: [AlertRuleSpec]
    /// Chart history from before the store's own, for deployments read through a Prometheus source.
    private let history: (any LatencyHistorySource)?
    private let clock: @Sendable () -> Int64
    private let memory = Mutex(Memory())
    /// The due deployments' window rows between refreshes: a refresh reads only the rows written
    /// since the last one.
    let windows = StatusWindows()

    private struct Memory {
        var rows: [String: CachedRow] = [:]
        var signature: StoreSignature?
        var request: ReadRequest?
        /// Every target's newest poll, kept current from the scrapes written since `scrapeID`.
        var polls: [String: Int64] = [:]
        var scrapeID: Int64?
        /// The experiments of the last read and when they were read.
        var experiments: (reports: [ExperimentReport], readAt: Int64)?
        /// Where the last experiment read got to: the next one reads only what came after
        /// (the store's checkpoints when a collector saved newer ones).
        var experimentCheckpoints = ExperimentCheckpoints()
    }

    /// Milliseconds experiments are reused between reads: the finest look step, so a refresh
    /// every second reads them a fifth as often without missing a look.
    public static let experimentLifetime: Int64 = 5_000

    private struct CachedRow {
        var target: TargetRecord
        var poll: Int64?
        var readAt: Int64
        var status: DeploymentStatus
    }

    public init(
        store: Store,
        statusWindow: Int64 = 60_000,
        rowLifetime: Int64 = 10_000,
        experimentRules: ExperimentRules = ExperimentRules(),
        pricing: PriceTable = PriceTable(),
        alertRules: [AlertRuleSpec] = AlertRuleSpec.builtIn,
        history: (any LatencyHistorySource)? = nil,
        clock: @escaping @Sendable () -> Int64
    ) {
        self.history = history
        self.store = store
        self.statusWindow = statusWindow
        self.rowLifetime = rowLifetime
        self.experimentRules = experimentRules
        self.pricing = pricing
        self.alertRules = alertRules
        self.clock = clock
    }

    /// A snapshot, or nil when the store file is unchanged since the last read for the same
    /// request (same pane data, range and marks): nothing new to show, and nothing read.
    ///
    /// An unchanged store keeps the rows of its last read; the header's data age and STALE say
    /// how old they are.
    public func readIfChanged(_ request: ReadRequest) -> FleetSnapshot? {
        var key = request
        key.interval = 0
        key.isPaused = false
        let signature = StoreSignature(path: store.path)
        if memory.withLock({ $0.signature == signature && $0.request == key }) { return nil }
        let snapshot = read(request)
        memory.withLock {
            $0.signature = snapshot.error == nil ? signature : nil
            $0.request = key
        }
        return snapshot
    }

    public func read(_ request: ReadRequest) -> FleetSnapshot {
        let now = clock()
        do {
            let (targets, rows) = try fleet(now: now)
            var snapshot = FleetSnapshot(takenAt: now, deployments: rows)
            if let deployment = request.latencyOf {
                snapshot.latency = try latency(of: deployment.name, range: request.range, now: now)
            }
            let known = Set(targets.map { DeploymentRef($0.name) })
            for deployment in request.overlay where known.contains(deployment) {
                snapshot.overlay.append(try latency(of: deployment.name, range: request.range, now: now))
            }
            if let deployment = request.detailOf, let target = targets.first(where: { $0.name == deployment.name }) {
                snapshot.detail = try detail(of: target)
            }
            if request.experiments { snapshot.experiments = try experiments(now: now) }
            try readAlerts(listing: request.alerts, now: now, into: &snapshot)
            snapshot.takenAt = clock()
            return snapshot
        } catch {
            return FleetSnapshot(takenAt: now, deployments: [], error: "\(error)")
        }
    }

    /// Every target and its fleet row (in target order), in one read transaction: the polls
    /// since the last read are merged into the known ones, rows still current are reused, and
    /// the others are computed from the remembered windows (`StatusWindows`) plus the rows
    /// written since (a few grouped reads whatever their number).
    func fleet(now: Int64) throws(StoreError) -> (targets: [TargetRecord], rows: [DeploymentStatus]) {
        let after = memory.withLock { $0.scrapeID }
        let windows = self.windows
        let window = statusWindow
        let (targets, polls, reused, statuses) = try store.read { view in
            let targets = try view.targets()
            let since = try view.polls(after: after)
            let polls = knownPolls(merging: since.polls, isComplete: since.isComplete)
            let reused = targets.map { cachedStatus(of: $0, poll: polls[$0.name], now: now) }
            let due = targets.indices.filter { reused[$0] == nil }.map { targets[$0] }
            let statuses = try windows.statuses(of: due, window: window, now: now, in: view)
            return (targets, since, reused, statuses)
        }
        memory.withLock { $0.scrapeID = polls.newestScrapeID }
        let missing = reused.indices.filter { reused[$0] == nil }
        var read: [Int: DeploymentStatus] = [:]
        for (index, status) in zip(missing, statuses) {
            read[index] = remember(status, of: targets[index], now: now)
        }
        let rows = try reused.indices.map { index throws(StoreError) -> DeploymentStatus in
            guard let row = reused[index] ?? read[index] else {
                throw StoreError(operation: "read", path: store.path, message: "a fleet row was not read")
            }
            return row
        }
        return (targets, rows)
    }

    /// The experiments, read again when the last read is older than `experimentLifetime`.
    private func experiments(now: Int64) throws(StoreError) -> [ExperimentReport] {
        let lifetime = Self.experimentLifetime
        if let cached = memory.withLock({ $0.experiments }), now >= cached.readAt, now - cached.readAt < lifetime {
            return cached.reports
        }
        let reader = ExperimentReader(store: store, rules: experimentRules, pricing: pricing)
        let (reports, checkpoints) = try reader.read(now: now, memory: memory.withLock { $0.experimentCheckpoints })
        memory.withLock {
            $0.experiments = (reports, now)
            $0.experimentCheckpoints = checkpoints
        }
        return reports
    }

    /// The alert counts and the critical alerts firing (every refresh: the evaluator keeps one
    /// row per rule and deployment, a small table); with `listing`, the alerts and silences too.
    private func readAlerts(listing: Bool, now: Int64, into snapshot: inout FleetSnapshot) throws(StoreError) {
        let reader = AlertReader(store: store, rules: alertRules)
        let alerts = try reader.alerts(now: now)
        snapshot.alertCounts = AlertCounts(alerts)
        snapshot.criticalFiring = Set(
            alerts.filter { $0.phase == .firing && $0.severity == .critical && !$0.isSilenced }.map(\.id)
        )
        if listing {
            snapshot.alerts = alerts
            snapshot.silences = try reader.silences(now: now) + alertmanagerSilences(now: now)
        }
    }

    /// The silences llmdeck made in Alertmanagers and that still stand (`:silences` lists them with
    /// its own; an acknowledgement's comment says so).
    private func alertmanagerSilences(now: Int64) throws(StoreError) -> [AlertSilence] {
        try store.read { view in try view.alertmanagerSilences() }.filter { $0.endsAt > now }.map { made in
            var silence = AlertSilence(made)
            if made.kind == .ack { silence.comment = "acknowledged: " + silence.comment }
            return silence
        }
    }

    /// Every target's newest poll: the polls known from earlier reads updated with those of the
    /// scrapes written since (a read of a few new rows instead of a seek per target); only the
    /// new ones when they are complete (the first read).
    private func knownPolls(merging new: [String: Int64], isComplete: Bool) -> [String: Int64] {
        memory.withLock { memory in
            var polls = isComplete ? [:] : memory.polls
            for (target, poll) in new { polls[target] = max(polls[target] ?? poll, poll) }
            memory.polls = polls
            return polls
        }
    }

    /// The cached row of `target` when it is still current: same target record, same newest
    /// poll (`poll`, from `newestPolls()`), younger than `rowLifetime`.
    private func cachedStatus(of target: TargetRecord, poll: Int64?, now: Int64) -> DeploymentStatus? {
        let lifetime = rowLifetime
        let candidate = memory.withLock { memory -> CachedRow? in
            guard let row = memory.rows[target.name], row.target == target, now >= row.readAt,
                now - row.readAt < lifetime
            else { return nil }
            return row
        }
        guard let candidate, poll == candidate.poll else { return nil }
        return candidate.status
    }

    /// Prices a fleet row read from the store and remembers it.
    private func remember(_ read: DeploymentStatus, of target: TargetRecord, now: Int64) -> DeploymentStatus {
        var status = read
        status.price(with: pricing, at: now)
        memory.withLock {
            $0.rows[target.name] = CachedRow(target: target, poll: status.lastPoll, readAt: now, status: status)
        }
        return status
    }

    func latency(of name: String, range: TimeRange, now: Int64) throws(StoreError) -> LatencyHistory {
        let series = try store.series(target: name)
        let from = now - range.duration
        func quantiles(_ metric: CanonicalMetric) throws(StoreError) -> QuantileSeries {
            let ids = series.filter { $0.key.name == metric.rawValue }.map(\.id)
            guard !ids.isEmpty else { return QuantileSeries() }
            var out = QuantileSeries()
            for step in try store.histogramSeries(ids, from: from, to: now, step: range.step) where step.total.count > 0
            {
                if let p50 = finite(step.total.quantile(0.5)) { out.p50.append(SeriesPoint(time: step.ts, value: p50)) }
                if let p95 = finite(step.total.quantile(0.95)) {
                    out.p95.append(SeriesPoint(time: step.ts, value: p95))
                }
                if let p99 = finite(step.total.quantile(0.99)) {
                    out.p99.append(SeriesPoint(time: step.ts, value: p99))
                }
            }
            return backfill(out, metric, of: name, from: from, to: now, step: range.step)
        }
        // The oldest observed version is the first sighting, not a deploy.
        let versions = try store.versions(target: name).dropLast()
        var markers = versions.filter { $0.ts >= from }.map {
            TimelineEvent(time: $0.ts, kind: "deploy", detail: "\($0.model) \($0.version)")
        }
        markers += try store.events(from: from, to: now, target: name)
            .filter { $0.kind != "deploy" }
            .map { TimelineEvent(time: $0.ts, kind: $0.kind, detail: $0.detail) }
        let hasLatency = series.contains { entry in
            entry.key.name == CanonicalMetric.e2eLatency.rawValue
                || entry.key.name == CanonicalMetric.timeToFirstToken.rawValue
        }
        return LatencyHistory(
            deployment: name,
            range: range,
            end: now,
            e2e: try quantiles(.e2eLatency),
            ttft: try quantiles(.timeToFirstToken),
            markers: markers.sorted { $0.time < $1.time },
            throughput: hasLatency ? nil : try throughput(series, from: from, to: now, step: range.step)
        )
    }

    /// `local` with the history source's points before the store's first, when the store does not
    /// reach back to the chart's start (a deployment read through Prometheus since recently).
    private func backfill(
        _ local: QuantileSeries,
        _ metric: CanonicalMetric,
        of name: String,
        from: Int64,
        to now: Int64,
        step: Int64
    ) -> QuantileSeries {
        guard let history, (local.p95.first?.time ?? now) > from + step,
            let target = memory.withLock({ $0.rows[name]?.target })
                ?? (try? store.targets().first(where: { $0.name == name })),
            let remote = history.quantiles(metric, of: target, from: from, to: now, step: step)
        else { return local }
        return local.backfilled(with: remote, step: step)
    }

    /// Tokens/s per step (the current, partial step over its elapsed part) and the running and
    /// waiting gauges' step means.
    private func throughput(
        _ series: [(id: Int64, key: SeriesKey)],
        from: Int64,
        to now: Int64,
        step: Int64
    ) throws(StoreError) -> ThroughputSeries {
        func ids(_ metric: CanonicalMetric) -> [Int64] {
            series.filter { $0.key.name == metric.rawValue }.map(\.id)
        }
        let tokens = ids(.generationTokens)
        var perSecond: [SeriesPoint] = []
        if !tokens.isEmpty {
            for point in try store.counterSeries(tokens, from: from, to: now, step: step) {
                let seconds = Double(min(step, max(1, now - point.ts))) / 1000
                perSecond.append(SeriesPoint(time: point.ts, value: point.value / seconds))
            }
        }
        func gauge(_ metric: CanonicalMetric) throws(StoreError) -> [SeriesPoint] {
            let wanted = ids(metric)
            if wanted.isEmpty { return [] }
            return try store.gaugeSeries(wanted, from: from, to: now, step: step).map {
                SeriesPoint(time: $0.ts, value: $0.value)
            }
        }
        return ThroughputSeries(tokensPerSecond: perSecond, running: try gauge(.running), waiting: try gauge(.waiting))
    }

    private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    func detail(of target: TargetRecord) throws(StoreError) -> DeploymentDetail {
        let polls = try store.scrapes(target: target.name, limit: 60).map {
            PollRecord(time: $0.ts, health: $0.health, duration: $0.durationSeconds, error: $0.error)
        }
        let versions = try store.versions(target: target.name).map {
            VersionChange(time: $0.ts, model: $0.model, version: $0.version)
        }
        let series = try store.series(target: target.name).map { entry in
            SeriesEntry(name: entry.key.name, labels: entry.key.labels, kind: "\(entry.key.kind)")
        }
        return DeploymentDetail(
            name: target.name,
            kind: target.kind,
            environment: target.environment,
            url: target.url,
            polls: polls,
            versions: versions,
            series: series.sorted { ($0.name, $0.labels) < ($1.name, $1.labels) }
        )
    }
}

/// Identity, size and modification time of the store file and its WAL: any commit changes the
/// WAL (or, after a checkpoint, the file), so an equal signature means an unchanged store.
struct StoreSignature: Equatable {
    var file: [Int64]
    var wal: [Int64]

    init(path: String) {
        file = Self.fileInfo(path)
        wal = Self.fileInfo(path + "-wal")
    }

    /// Inode, size, mtime seconds and nanoseconds; empty when the file does not exist.
    private static func fileInfo(_ path: String) -> [Int64] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [
            Int64(info.st_ino), Int64(info.st_size), Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
        ]
    }
}
