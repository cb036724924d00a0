/// Which way a metric stream moved away from its baseline.
public enum ShiftDirection: String, Sendable, Codable, Hashable {
    /// Above the baseline: higher latency, more errors.
    case upward
    /// Below the baseline.
    case downward
}
