/// How a current window's distribution differs from a baseline window's over one histogram
/// bucket layout: PSI with per-bucket terms, the binned KS test, Jensen–Shannon and Hellinger
/// distances, and a tier (llmops-methods §3; conventions in notes/drift-statistics.md).
///
/// Built by `DriftAssessment`, which checks the input and the minimum counts first.
public struct DriftReport: Sendable, Codable, Hashable {
    /// Observations in the baseline window.
    public let baselineCount: Double
    /// Observations in the current window.
    public let currentCount: Double
    /// Population stability index over the buckets the baseline has seen: the sum of the
    /// `bins`' contributions, new ranges left out.
    public let psi: Double
    /// The share of the current window that falls in new ranges (buckets empty in the
    /// baseline), 0…1; shown beside the PSI instead of inside it.
    public let newRangeShare: Double
    /// Evidently's ε for an empty baseline share (see `PopulationStability`).
    public let baselineEpsilon: Double
    /// Evidently's ε for an empty current share.
    public let currentEpsilon: Double
    /// The KS statistic D on the binned CDFs, 0…1.
    public let ksStatistic: Double
    /// P(D ≥ ksStatistic) with no drift: conservative and approximate on binned data; nil for
    /// fractional counts (see `BinnedKolmogorovSmirnov`).
    public let ksPValue: Double?
    /// Jensen–Shannon distance, base 2, 0…1 (`scipy.spatial.distance.jensenshannon(p, q, base=2)`).
    public let jensenShannonDistance: Double
    /// Hellinger distance, 0…1.
    public let hellingerDistance: Double
    /// The PSI tier under the policy the report was made with.
    public let tier: DriftTier
    /// One row per bucket, in bucket order.
    public let bins: [DriftBin]

    /// Whether some of the current window lies where the baseline has nothing.
    public var hasNewRange: Bool {
        newRangeShare > 0
    }

    /// Computes the report from validated input: same lengths, ascending bounds, finite
    /// non-negative counts with positive finite totals.
    init(upperBounds: [Double], baseline: [Double], current: [Double], policy: DriftPolicy) {
        let baselineTotal = baseline.reduce(0, +)
        let currentTotal = current.reduce(0, +)
        let p = baseline.map { $0 / baselineTotal }
        let q = current.map { $0 / currentTotal }
        let baselineEmpty = PopulationStability.emptyShare(p)
        let currentEmpty = PopulationStability.emptyShare(q)
        var rows: [DriftBin] = []
        var psi = 0.0
        var newRangeShare = 0.0
        for index in upperBounds.indices {
            let contribution = PopulationStability.term(
                baseline: p[index],
                current: q[index],
                baselineEmpty: baselineEmpty,
                currentEmpty: currentEmpty
            )
            let isNewRange = p[index] == 0 && q[index] > 0
            if isNewRange {
                newRangeShare += q[index]
            } else {
                psi += contribution
            }
            rows.append(
                DriftBin(
                    upperBound: Self.label(upperBounds[index]),
                    baselineCount: baseline[index],
                    currentCount: current[index],
                    baselineShare: p[index],
                    currentShare: q[index],
                    contribution: contribution,
                    isNewRange: isNewRange
                )
            )
        }
        let ks = BinnedKolmogorovSmirnov.statistic(
            baseline: baseline,
            current: current,
            baselineTotal: baselineTotal,
            currentTotal: currentTotal
        )
        baselineCount = baselineTotal
        currentCount = currentTotal
        self.psi = psi
        self.newRangeShare = newRangeShare
        baselineEpsilon = baselineEmpty
        currentEpsilon = currentEmpty
        ksStatistic = ks
        ksPValue = BinnedKolmogorovSmirnov.pValue(baseline: baseline, current: current, statistic: ks)
        jensenShannonDistance = DistributionDistance.jensenShannon(shares: p, q)
        hellingerDistance = DistributionDistance.hellinger(shares: p, q)
        tier = policy.tier(psi: psi)
        bins = rows
    }

    /// A bound as its label: "+Inf" for the last bucket, else the shortest text that reads back
    /// as the bound.
    private static func label(_ bound: Double) -> String {
        if bound.isInfinite {
            return bound > 0 ? "+Inf" : "-Inf"
        }
        return "\(bound)"
    }
}
