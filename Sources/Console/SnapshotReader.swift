import Store

/// Builds `FleetSnapshot`s from the store: the only place the console touches Store APIs.
///
/// Reads the canonical `llmdeck:` series the collector writes next to the raw ones
/// (CanonicalMetric in the Store module). Errors become the snapshot's `error`, never a throw,
/// so the UI keeps the previous data and says what went wrong.
public struct SnapshotReader: Sendable {
    public let store: Store
    /// Milliseconds the fleet rates and quantiles are computed over.
    public var statusWindow: Int64
    private let clock: @Sendable () -> Int64

    public init(store: Store, statusWindow: Int64 = 60_000, clock: @escaping @Sendable () -> Int64) {
        self.store = store
        self.statusWindow = statusWindow
        self.clock = clock
    }

    public func read(_ request: ReadRequest) -> FleetSnapshot {
        let now = clock()
        do {
            let targets = try store.targets()
            var deployments: [DeploymentSummary] = []
            deployments.reserveCapacity(targets.count)
            for target in targets {
                deployments.append(try summary(of: target, now: now))
            }
            var snapshot = FleetSnapshot(takenAt: now, deployments: deployments)
            if let name = request.latencyOf {
                snapshot.latency = try latency(of: name, range: request.range, now: now)
            }
            if let name = request.detailOf, let target = targets.first(where: { $0.name == name }) {
                snapshot.detail = try detail(of: target)
            }
            snapshot.takenAt = clock()
            return snapshot
        } catch {
            return FleetSnapshot(takenAt: now, deployments: [], error: "\(error)")
        }
    }

    private struct CanonicalIDs {
        var byKey: [String: [Int64]] = [:]

        init(_ series: [(id: Int64, key: SeriesKey)]) {
            for entry in series where entry.key.name.hasPrefix("llmdeck:") {
                byKey[entry.key.name + "|" + entry.key.labels, default: []].append(entry.id)
            }
        }

        subscript(_ name: String, labels labels: String = "") -> [Int64] { byKey[name + "|" + labels] ?? [] }
    }

    /// Canonical series names (the Store module's CanonicalMetric raw values).
    enum Canonical {
        static let requests = "llmdeck:requests_total"
        static let e2e = "llmdeck:e2e_latency_seconds"
        static let ttft = "llmdeck:time_to_first_token_seconds"
        static let generationTokens = "llmdeck:generation_tokens_total"
        static let running = "llmdeck:requests_running"
        static let waiting = "llmdeck:requests_waiting"
        static let kvCache = "llmdeck:kv_cache_usage_ratio"
        static let success = "outcome=\"success\""
        static let error = "outcome=\"error\""
    }

    func summary(of target: TargetRecord, now: Int64) throws(StoreError) -> DeploymentSummary {
        let from = now - statusWindow
        let seconds = Double(statusWindow) / 1000
        let ids = CanonicalIDs(try store.series(target: target.name))
        var row = DeploymentSummary(
            name: target.name,
            kind: target.kind,
            environment: target.environment,
            url: target.url
        )
        if let scrape = try store.lastScrape(target: target.name) {
            row.health = scrape.health
            row.lastError = scrape.error
            row.lastPoll = scrape.ts
        }
        let versions = try store.versions(target: target.name)
        if let newest = versions.first {
            row.model = newest.model.isEmpty ? nil : newest.model
            row.version = newest.version.isEmpty ? nil : newest.version
            row.deployedAt = newest.ts
        }
        func total(_ series: [Int64]) throws(StoreError) -> Double? {
            series.isEmpty ? nil : try store.counterTotal(series, from: from, to: now)
        }
        let successes = try total(ids[Canonical.requests, labels: Canonical.success])
        let errors = try total(ids[Canonical.requests, labels: Canonical.error])
        if successes != nil || errors != nil {
            let requests = (successes ?? 0) + (errors ?? 0)
            row.requestsPerSecond = requests / seconds
            row.errorRatio = requests > 0 ? (errors ?? 0) / requests : nil
        }
        row.tokensPerSecond = try total(ids[Canonical.generationTokens]).map { $0 / seconds }
        if let e2e = try histogram(ids[Canonical.e2e], from: from, to: now) {
            row.latencyP50 = finite(e2e.quantile(0.5))
            row.latencyP95 = finite(e2e.quantile(0.95))
            row.latencyP99 = finite(e2e.quantile(0.99))
        }
        if let ttft = try histogram(ids[Canonical.ttft], from: from, to: now) {
            row.ttftP95 = finite(ttft.quantile(0.95))
        }
        let gaugeIDs = ids[Canonical.running] + ids[Canonical.waiting] + ids[Canonical.kvCache]
        if !gaugeIDs.isEmpty {
            let gauges = try store.latestGauges(gaugeIDs, notBefore: from)
            row.running = ids[Canonical.running].lazy.compactMap { gauges[$0] }.first
            row.waiting = ids[Canonical.waiting].lazy.compactMap { gauges[$0] }.first
            row.kvCacheUsage = ids[Canonical.kvCache].lazy.compactMap { gauges[$0] }.first
        }
        return row
    }

    private func histogram(_ ids: [Int64], from: Int64, to: Int64) throws(StoreError) -> HistogramTotal? {
        guard !ids.isEmpty, let total = try store.histogramTotal(ids, from: from, to: to), total.count > 0 else {
            return nil
        }
        return total
    }

    private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }

    func latency(of name: String, range: TimeRange, now: Int64) throws(StoreError) -> LatencyHistory {
        let ids = CanonicalIDs(try store.series(target: name))
        let from = now - range.duration
        func quantiles(_ series: [Int64]) throws(StoreError) -> QuantileSeries {
            guard !series.isEmpty else { return QuantileSeries() }
            var out = QuantileSeries()
            for step in try store.histogramSeries(series, from: from, to: now, step: range.step)
            where step.total.count > 0 {
                if let p50 = finite(step.total.quantile(0.5)) { out.p50.append(SeriesPoint(time: step.ts, value: p50)) }
                if let p95 = finite(step.total.quantile(0.95)) {
                    out.p95.append(SeriesPoint(time: step.ts, value: p95))
                }
                if let p99 = finite(step.total.quantile(0.99)) {
                    out.p99.append(SeriesPoint(time: step.ts, value: p99))
                }
            }
            return out
        }
        // The oldest observed version is the first sighting, not a deploy.
        let versions = try store.versions(target: name).dropLast()
        var markers = versions.filter { $0.ts >= from }.map {
            TimelineEvent(time: $0.ts, kind: "deploy", detail: "\($0.model) \($0.version)")
        }
        markers += try store.events(from: from, to: now, target: name)
            .filter { $0.kind != "deploy" }
            .map { TimelineEvent(time: $0.ts, kind: $0.kind, detail: $0.detail) }
        return LatencyHistory(
            deployment: name,
            range: range,
            end: now,
            e2e: try quantiles(ids[Canonical.e2e]),
            ttft: try quantiles(ids[Canonical.ttft]),
            markers: markers.sorted { $0.time < $1.time }
        )
    }

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
