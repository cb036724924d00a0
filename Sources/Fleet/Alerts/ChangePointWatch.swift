import Analysis
import Store

/// Change points per deployment: once a minute its p95 end-to-end latency and error ratio over
/// that minute go into an upward CUSUM each (reference defaults: 30 observations of warm-up,
/// slack 0.5 σ, decision interval 5 σ; the baseline frozen after warm-up), re-baselined at every
/// deploy or rollback. A shift found stays "recent" for 15 minutes, with its size: the minute's
/// p95 over the baseline mean, the minute's error ratio minus the baseline mean.
struct ChangePointWatch {
    /// Milliseconds between observations (one a minute: overlapping windows would not be
    /// independent observations).
    static let every: Int64 = 60_000
    /// Milliseconds a found shift keeps the alert's value.
    static let recent: Int64 = 15 * 60_000

    struct Deployment {
        var latency = CUSUMDetector(settings: CUSUMDetector.Settings(mode: .up))
        var errors = CUSUMDetector(settings: CUSUMDetector.Settings(mode: .up))
        var version: VersionRecord?
        var latencyShift: (at: Int64, ratio: Double)?
        var errorShift: (at: Int64, increase: Double)?
    }

    private var deployments: [String: Deployment] = [:]
    private var lastFeed: Int64?

    /// Whether a minute has passed since the last look (the evaluator then reads the minute's
    /// statuses and calls `feed`).
    func isDue(_ now: Int64) -> Bool {
        lastFeed.map { now - $0 >= Self.every || now < $0 } ?? true
    }

    /// Feeds each deployment's last-minute status (when `isDue`).
    mutating func feed(_ statuses: [String: DeploymentStatus], versions: [String: VersionRecord], now: Int64) {
        lastFeed = now
        for (name, status) in statuses {
            var held = deployments[name] ?? Deployment()
            if let version = versions[name], held.version != version {
                // A deploy or rollback: what was normal before says nothing about the new version.
                if held.version != nil {
                    held = Deployment()
                }
                held.version = version
            }
            if (status.requestsPerSecond ?? 0) > 0, let p95 = status.latencySeconds.p95 {
                let mean = held.latency.baseline?.mean
                if case .alarm(.upward) = held.latency.observe(p95), let mean, mean > 0 {
                    held.latencyShift = (now, p95 / mean)
                }
            }
            if let ratio = status.errorRatio {
                let mean = held.errors.baseline?.mean
                if case .alarm(.upward) = held.errors.observe(ratio), let mean {
                    held.errorShift = (now, ratio - mean)
                }
            }
            deployments[name] = held
        }
    }

    /// The shift rule's observation: the size of a recent shift, else "no shift" (1 ×, +0),
    /// below the gate while the detector still learns its baseline.
    func observation(_ metric: AlertMetric, of target: String, now: Int64) -> AlertObservation {
        guard let held = deployments[target] else { return .noData }
        switch metric {
        case .latencyShift:
            if let shift = held.latencyShift, now - shift.at < Self.recent { return .value(shift.ratio) }
            return held.latency.isWarmingUp ? .belowGate : .value(1)
        case .errorShift:
            if let shift = held.errorShift, now - shift.at < Self.recent { return .value(shift.increase) }
            return held.errors.isWarmingUp ? .belowGate : .value(0)
        default:
            return .noData
        }
    }
}
