/// What one observation did to a change-point detector.
public enum ChangePointSignal: Sendable, Codable, Hashable {
    /// The value was NaN or infinite (no requests in the interval, a failed scrape), or so large
    /// that the update would overflow; the detector is unchanged.
    case ignored
    /// Within the first observations after a reset, which learn the baseline; never an alarm.
    case warmingUp
    /// Compared with the baseline; no change.
    case inControl
    /// The statistic crossed its threshold: the stream has shifted. The detector starts a new
    /// warm-up with the next observation, as river's detectors reset themselves after an alarm.
    case alarm(ShiftDirection)

    /// Whether this is an alarm.
    public var isAlarm: Bool {
        if case .alarm = self {
            return true
        }
        return false
    }
}
