/// Per-second rates over a window, from stored increments or from raw cumulative samples.
public enum Rate {
    /// Average per-second rate of a total observed over a window.
    ///
    /// - Parameters:
    ///   - total: the summed increments in the window (requests, tokens, …).
    ///   - windowSeconds: the window length in seconds.
    /// - Returns: `total / windowSeconds`, or `nil` when the window is not a positive finite
    ///   length or the total is NaN or infinite.
    public static func perSecond(total: Double, windowSeconds: Double) -> Double? {
        guard windowSeconds > 0, windowSeconds.isFinite, total.isFinite else {
            return nil
        }
        return total / windowSeconds
    }

    /// Prometheus-style `increase()` of a counter over the window `(rangeEnd - range, rangeEnd]`.
    ///
    /// Matches Prometheus 3.x `extrapolatedRate` for float counters (promql/functions.go):
    /// resets add the value before the drop; the increase between the first and last sample is
    /// extrapolated to the window edges when the samples reach within 1.1 average intervals of
    /// them, otherwise by half an average interval; the start is never extrapolated below zero.
    /// Divide by the window in seconds for `rate()`.
    ///
    /// - Parameters:
    ///   - samples: readings inside the window, oldest first (callers select the window).
    ///   - rangeStart: window start, milliseconds since the epoch (exclusive).
    ///   - rangeEnd: window end, milliseconds since the epoch (inclusive).
    /// - Returns: `nil` with fewer than two samples (Prometheus drops such series).
    public static func extrapolatedIncrease(
        _ samples: [CounterSample],
        rangeStart: Int64,
        rangeEnd: Int64
    ) -> Double? {
        guard samples.count >= 2, let first = samples.first, let last = samples.last else {
            return nil
        }
        var result = last.value - first.value
        for (before, after) in zip(samples, samples.dropFirst()) where after.value < before.value {
            result += before.value
        }
        var durationToStart = Double(first.timestamp - rangeStart) / 1000
        var durationToEnd = Double(rangeEnd - last.timestamp) / 1000
        let sampledInterval = Double(last.timestamp - first.timestamp) / 1000
        let averageInterval = sampledInterval / Double(samples.count - 1)
        let threshold = averageInterval * 1.1

        if durationToStart >= threshold {
            durationToStart = averageInterval / 2
        }
        if result > 0 && first.value >= 0 {
            let durationToZero = sampledInterval * (first.value / result)
            if durationToZero < durationToStart {
                durationToStart = durationToZero
            }
        }
        if durationToEnd >= threshold {
            durationToEnd = averageInterval / 2
        }
        guard sampledInterval != 0 else {
            return result
        }
        return result * (sampledInterval + durationToStart + durationToEnd) / sampledInterval
    }
}
