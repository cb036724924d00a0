import Foundation

/// Prometheus' limit on the points a range query may return per series, checked before sending so a
/// chart asks for a step that fits instead of failing on the server.
public enum RangeResolution {
    /// Points per series at most (`web/api/v1/api.go`: "exceeded maximum resolution of 11,000 points per
    /// timeseries").
    public static let maximumPoints = 11_000
    /// The limit as Prometheus writes it in its message.
    static let maximumPointsText = "11,000"

    /// Whether Prometheus would refuse the range: it divides `end − start` by `step` as whole
    /// nanosecond durations (Go `time.Duration` division truncates) and refuses above 11,000.
    public static func exceedsLimit(start: Date, end: Date, step: Double) -> Bool {
        let range = (milliseconds(end) - milliseconds(start)) * 1e6
        let stepNanoseconds = (step * 1e9).rounded()
        guard stepNanoseconds.isFinite, stepNanoseconds > 0, range > 0 else { return false }
        return (range / stepNanoseconds).rounded(.down) > Double(maximumPoints)
    }

    /// The smallest whole-second step that keeps `start…end` within the limit (at least 1 s).
    public static func smallestStep(start: Date, end: Date) -> Double {
        let seconds = max(0, end.timeIntervalSince(start))
        return max(1, (seconds / Double(maximumPoints)).rounded(.up))
    }

    /// A time as sent: whole milliseconds, the precision Prometheus keeps.
    private static func milliseconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded()
    }
}
