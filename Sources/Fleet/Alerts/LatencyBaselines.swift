import Analysis
import Store

/// Each deployment's own latency to compare with ("p95 above its baseline by a factor"): p95 end
/// to end and TTFT over the hour before its current version was deployed, or, when no deploy
/// was seen, the hour before the rule's window. Read again every five minutes and at a deploy.
struct LatencyBaselines {
    struct Entry {
        var readAt: Int64
        var version: VersionRecord?
        var status: DeploymentStatus?
    }

    /// Milliseconds between reads of a deployment's baseline.
    static let refreshEvery: Int64 = 300_000
    /// Milliseconds of the baseline window.
    static let span: Int64 = 3_600_000
    /// Fewer requests than this in the baseline window: no baseline.
    static let minimumRequests = 20.0

    private var entries: [String: Entry] = [:]
    /// The baseline of `metric` under `aggregation` on `target`, when there is one.
    func value(_ metric: AlertMetric, of target: String, aggregation: AlertAggregation) -> Double? {
        guard let status = entries[target]?.status, case .quantile(let q) = aggregation else { return nil }
        guard (status.requestsPerSecond ?? 0) * Double(Self.span) / 1000 >= Self.minimumRequests else { return nil }
        switch metric {
        case .e2eLatency: return status.latencySeconds.value(at: q)
        case .ttft: return status.ttftSeconds.value(at: q)
        default: return nil
        }
    }

    /// Reads the baselines that are due: new deployments, a new version, or older than
    /// `refreshEvery`.
    mutating func refresh(
        _ targets: [TargetRecord],
        versions: [String: VersionRecord],
        deploys: DeployTimes,
        window: Int64,
        now: Int64,
        store: Store
    ) throws(StoreError) {
        let due = targets.filter { target in
            guard let entry = entries[target.name] else { return true }
            return now - entry.readAt >= Self.refreshEvery || now < entry.readAt
                || entry.version != versions[target.name]
        }
        if due.isEmpty { return }
        // When each due deployment's baseline window ends: its deploy, else the rule's window start.
        var ends: [Int64: [TargetRecord]] = [:]
        for target in due { ends[deploys.deployedAt(target.name) ?? now - window, default: []].append(target) }
        let reader = StatusReader(store: store)
        for (end, group) in ends {
            let statuses = try reader.statuses(of: group, window: Self.span, now: end)
            for (target, status) in zip(group, statuses) {
                entries[target.name] = Entry(readAt: now, version: versions[target.name], status: status)
            }
        }
    }
}

/// Each deployment's waiting-queue length over time, for "waiting queue growing": the least-
/// squares slope, requests per second, over a rule's window.
struct QueueTrend {
    /// Milliseconds of samples kept.
    static let kept: Int64 = 15 * 60_000
    private var samples: [String: [(ts: Int64, waiting: Double)]] = [:]

    mutating func note(_ target: String, waiting: Double?, at time: Int64) {
        guard let waiting, waiting.isFinite else { return }
        var held = samples[target, default: []]
        if let last = held.last, last.ts >= time { held.removeAll { $0.ts >= time } }
        held.append((time, waiting))
        held.removeAll { $0.ts < time - Self.kept }
        samples[target] = held
    }

    /// The slope over the last `window` milliseconds; nil with fewer than three samples or when
    /// they span less than half the window.
    func slope(of target: String, over window: Int64) -> Double? {
        guard let newest = samples[target]?.last?.ts else { return nil }
        let points = (samples[target] ?? []).filter { $0.ts > newest - window }
        guard points.count >= 3, let first = points.first, newest - first.ts >= window / 2 else { return nil }
        let xs = points.map { Double($0.ts - first.ts) / 1000 }
        let ys = points.map(\.waiting)
        let meanX = xs.reduce(0, +) / Double(xs.count)
        let meanY = ys.reduce(0, +) / Double(ys.count)
        var covariance = 0.0
        var variance = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        return variance > 0 ? covariance / variance : nil
    }
}
