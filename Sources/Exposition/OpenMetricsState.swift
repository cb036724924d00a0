/// What OpenMetrics 1.0 rules need remembered while one family is read.
struct OpenMetricsState {
    var sawEOF = false
    /// Index of the family samples and metadata attach to.
    var current: Int?
    /// Family names and the sample names their types reserve (`a` counter reserves `a_total`,
    /// `a_created`): a later family may not reuse one (interleaving or clashing names).
    var claimedNames: Set<String> = []
    /// Label sets (by interned ids, without `le`/`quantile`) of the current family already finished.
    var finishedGroups: Set<[Int32]> = []
    var groupKey: [Int32]?
    var group = HistogramGroupCheck()
    /// The previous sample of the current family, for per-series timestamp order.
    var previousNameID: Int32 = -1
    var previousLabels: [LabelRef] = []
    var previousTimestamp: Double?
}

/// The parts of one histogram label set, checked when the label set ends.
struct HistogramGroupCheck {
    var bounds: [Double] = []
    var counts: [Double] = []
    var count: Double?
    var sum: Double?
    var hasSamples = false
    var lastLine = 0

    /// Why this label set breaks OpenMetrics histogram rules, or nil when it is fine.
    func violation(isGaugeHistogram: Bool) -> String? {
        guard hasSamples else { return nil }
        let countName = isGaugeHistogram ? "_gcount" : "_count"
        let sumName = isGaugeHistogram ? "_gsum" : "_sum"
        guard let last = bounds.last, last == .infinity else {
            return "histogram label set has no le=\"+Inf\" bucket (or it is not the last bucket)"
        }
        for index in bounds.indices.dropFirst() {
            if bounds[index] <= bounds[index - 1] {
                return "bucket bounds must increase: le=\(bounds[index]) after le=\(bounds[index - 1])"
            }
            if counts[index] < counts[index - 1] {
                return "cumulative bucket counts must not decrease: \(counts[index]) after \(counts[index - 1])"
            }
        }
        if (count == nil) != (sum == nil) {
            return "\(countName) and \(sumName) must both be present or both be absent"
        }
        if let count, let infinite = counts.last, count != infinite {
            return "\(countName) \(count) differs from the +Inf bucket \(infinite)"
        }
        let hasNegativeBound = bounds.contains { $0 < 0 }
        if let sum {
            if isGaugeHistogram {
                if sum < 0 && !hasNegativeBound { return "\(sumName) is negative but no bucket bound is" }
            } else {
                if hasNegativeBound { return "a histogram with negative bucket bounds cannot have \(sumName)" }
                if sum < 0 { return "\(sumName) must not be negative" }
            }
        }
        return nil
    }
}
