/// The outcome of comparing a current window with a baseline window: a report, or why there is
/// none yet.
public enum DriftAssessment: Sendable, Codable, Hashable {
    /// A window holds fewer observations than the policy needs; no statistic is shown.
    case notEnoughData(DriftShortfall)
    /// Both windows are large enough.
    case assessed(DriftReport)

    /// Compares two windows of one histogram.
    ///
    /// - Parameters:
    ///   - upperBounds: the bucket layout, ascending, usually with `+Inf` last (Prometheus `le`).
    ///   - baseline: observations per bucket (not cumulative) in the baseline window: the window
    ///     pinned at the last deploy, or the previous period.
    ///   - current: observations per bucket in the current window.
    ///   - policy: tier thresholds and the minimum count per window.
    /// - Throws: `DriftInputError` when the lengths differ, the layout is empty or not
    ///   ascending, or a count is negative or not finite.
    public init(
        upperBounds: [Double],
        baseline: [Double],
        current: [Double],
        policy: DriftPolicy = DriftPolicy()
    ) throws(DriftInputError) {
        try Self.validate(upperBounds: upperBounds, baseline: baseline, current: current)
        let baselineTotal = baseline.reduce(0, +)
        let currentTotal = current.reduce(0, +)
        let minimum = policy.minimumCountPerWindow
        guard baselineTotal > 0, currentTotal > 0, !(baselineTotal < minimum), !(currentTotal < minimum) else {
            self = .notEnoughData(
                DriftShortfall(
                    baselineCount: baselineTotal,
                    currentCount: currentTotal,
                    minimumCount: minimum >= 1 ? minimum : 1
                )
            )
            return
        }
        self = .assessed(DriftReport(upperBounds: upperBounds, baseline: baseline, current: current, policy: policy))
    }

    /// The report, when there is one.
    public var report: DriftReport? {
        if case .assessed(let report) = self {
            return report
        }
        return nil
    }

    private static func validate(upperBounds: [Double], baseline: [Double], current: [Double]) throws(DriftInputError) {
        guard !upperBounds.isEmpty else {
            throw DriftInputError(kind: .emptyLayout, description: "No buckets: pass at least the +Inf bucket")
        }
        guard baseline.count == upperBounds.count, current.count == upperBounds.count else {
            throw DriftInputError(
                kind: .lengthMismatch,
                description: "\(upperBounds.count) bounds but \(baseline.count) baseline and \(current.count) "
                    + "current counts: both windows must use the same bucket layout"
            )
        }
        for index in upperBounds.indices {
            let isAbovePrevious = index == 0 || upperBounds[index] > upperBounds[index - 1]
            if upperBounds[index].isNaN || !isAbovePrevious {
                throw DriftInputError(
                    kind: .unorderedBounds,
                    bucketIndex: index,
                    description: "Bound \(index) (\(upperBounds[index])) is not above the one before it: "
                        + "pass the buckets sorted by upper bound, each bound once"
                )
            }
        }
        for (window, counts) in [("baseline", baseline), ("current", current)] {
            if let index = counts.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw DriftInputError(
                    kind: .invalidCount,
                    bucketIndex: index,
                    description: "The \(window) count of bucket \(index) is \(counts[index]): "
                        + "counts must be finite and not negative"
                )
            }
            if !counts.reduce(0, +).isFinite {
                throw DriftInputError(
                    kind: .invalidCount,
                    description: "The \(window) counts add up to more than a Double holds"
                )
            }
        }
    }
}
