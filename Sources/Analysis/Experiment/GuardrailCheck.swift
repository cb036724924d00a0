/// A guardrail on a lower-is-better metric (latency p95, error rate, cost per request): flags a
/// treatment that is worse than control by more than a margin.
///
/// With only the two figures (a p95 from histograms has no standard error) the point change is
/// compared with the margin; given an interval of the difference (an always-valid sequence of
/// the error-rate difference, say) harm must be certain: the interval's lower bound must exceed
/// the margin, GrowthBook Safe Rollouts' "metric boundary" rule (docs/features/safe-rollouts.mdx,
/// llmops-methods §2.9) with the failure threshold moved from 0 to the margin.
public struct GuardrailCheck: Sendable, Hashable {
    /// The metric as a person reads it: "latency", "error rate", "cost".
    public var metric: String
    /// The statistic shown before the change, "p95", or nil.
    public var statistic: String?
    /// The unit of the values compared.
    public var unit: MeasureUnit
    /// How much worse is tolerated.
    public var margin: GuardrailMargin

    public init(metric: String, statistic: String? = nil, unit: MeasureUnit, margin: GuardrailMargin) {
        self.metric = metric
        self.statistic = statistic
        self.unit = unit
        self.margin = margin
    }

    /// Compares one treatment with control; nil when a value is not finite, or for a relative
    /// margin when control's value is not positive (no baseline to scale by).
    /// - Parameters:
    ///   - variant: the treatment's name, for the verdict.
    ///   - differenceInterval: an interval of treatment − control, if the metric has one.
    public func evaluate(
        variant: String,
        control: Double,
        treatment: Double,
        differenceInterval: ConfidenceInterval? = nil
    ) -> GuardrailFinding? {
        guard control.isFinite, treatment.isFinite else {
            return nil
        }
        let tolerated: Double
        switch margin {
        case .absolute(let amount):
            tolerated = amount
        case .relative(let fraction):
            guard control > 0 else {
                return nil
            }
            tolerated = fraction * control
        }
        let change = treatment - control
        let evidence = differenceInterval?.lower ?? change
        return GuardrailFinding(
            variant: variant,
            metric: metric,
            statistic: statistic,
            unit: unit,
            change: change,
            isHarmful: change > 0 && evidence > tolerated
        )
    }
}
