import Store

/// Builds `FleetSnapshot`s from the store: the only place the console touches Store APIs.
///
/// The fleet rows are `Store.deploymentStatus(of:window:now:)`, the same numbers `llmdeck status`
/// prints; the charts read the canonical `llmdeck:` histograms (`CanonicalMetric`) per step.
/// Errors become the snapshot's `error`, never a throw, so the UI keeps the previous data and
/// says what went wrong.
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

    /// The fleet row: the store's status of the deployment plus what only the console shows
    /// (endpoint, when the current version was first seen).
    func summary(of target: TargetRecord, now: Int64) throws(StoreError) -> DeploymentSummary {
        let status = try store.deploymentStatus(of: target, window: statusWindow, now: now)
        let deployedAt = try store.versions(target: target.name).first?.ts
        return DeploymentSummary(status, url: target.url, deployedAt: deployedAt)
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
            e2e: try quantiles(.e2eLatency),
            ttft: try quantiles(.timeToFirstToken),
            markers: markers.sorted { $0.time < $1.time }
        )
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
