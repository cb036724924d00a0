import Analysis
import Fleet
import Vocabulary

/// How bad a deployment looks, ordered worst first: the one definition of "worst" behind the
/// HEALTH sort (`w`) and a group row's worst member.
///
/// Compared field by field: health (down, bad payload, degraded, not polled yet, up), then open
/// alerts (critical, warning, none), then the error ratio (higher first), then p95 latency over
/// its warning threshold (higher first); unknown figures count as the best.
public struct FleetRank: Sendable, Comparable {
    /// 0 down, 1 bad payload, 2 degraded, 3 not polled yet, 4 up.
    var health: Int
    /// 0 a critical alert open, 1 a warning alert, 2 none.
    var alerting: Int
    /// The error ratio, 0–1; 0 when unknown.
    var errorRatio: Double
    /// p95 latency over its warning threshold (1 is at the threshold); 0 when unknown.
    var latencyLoad: Double

    /// The rank of `deployment` with its worst open alert (`AlertCounts.byDeployment`) and the
    /// latency threshold in force.
    public init(_ deployment: DeploymentStatus, alert: AlertSeverity?, thresholds: Thresholds) {
        switch deployment.health {
        case .down: health = 0
        case .badPayload: health = 1
        case .degraded: health = 2
        case nil: health = 3
        case .up: health = 4
        }
        switch alert {
        case .critical: alerting = 0
        case .warning: alerting = 1
        case nil: alerting = 2
        }
        errorRatio = deployment.errorRatio ?? 0
        let p95 = deployment.latencySeconds.p95 ?? 0
        latencyLoad = thresholds.latencyWarning > 0 ? p95 / thresholds.latencyWarning : p95
    }

    /// Whether `left` is worse than `right`.
    public static func < (left: FleetRank, right: FleetRank) -> Bool {
        if left.health != right.health { return left.health < right.health }
        if left.alerting != right.alerting { return left.alerting < right.alerting }
        if left.errorRatio != right.errorRatio { return left.errorRatio > right.errorRatio }
        return left.latencyLoad > right.latencyLoad
    }
}
