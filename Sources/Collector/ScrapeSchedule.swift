import Vocabulary

/// When a target is polled next: its interval with ±jitter while it answers, exponential backoff
/// while it fails (interval × 2^failures, capped), back to the interval on the first success.
public struct ScrapeSchedule: Sendable, Equatable {
    /// Seconds between polls of a healthy target.
    public var interval: Double
    /// Fraction of the interval by which each delay is randomly moved (0.1 = ±10 %).
    public var jitter: Double
    /// Longest delay, seconds, however long the target has been failing.
    public var backoffCap: Double
    /// Failed polls in a row.
    public private(set) var consecutiveFailures = 0

    public init(interval: Double, jitter: Double = 0.1, backoffCap: Double = 60) {
        self.interval = interval
        self.jitter = jitter
        self.backoffCap = max(backoffCap, interval)
    }

    /// Seconds until the next poll after one with `health`; `random` in -1…1 picks the jitter.
    public mutating func delay(after health: Health, random: Double) -> Double {
        let spread = 1 + jitter * min(1, max(-1, random))
        guard health.isFailure else {
            consecutiveFailures = 0
            return interval * spread
        }
        consecutiveFailures += 1
        let exponent = Double(min(consecutiveFailures, 30))
        return min(interval * Double.pow2(exponent), backoffCap) * spread
    }
}

extension Double {
    fileprivate static func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
