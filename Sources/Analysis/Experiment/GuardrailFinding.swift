/// The outcome of a guardrail for one treatment.
public struct GuardrailFinding: Sendable, Hashable {
    /// The treatment.
    public var variant: String
    /// The metric, "latency".
    public var metric: String
    /// The statistic, "p95", or nil.
    public var statistic: String?
    /// The unit of `change`.
    public var unit: MeasureUnit
    /// Treatment − control.
    public var change: Double
    /// Worse than control beyond the margin.
    public var isHarmful: Bool

    public init(variant: String, metric: String, statistic: String?, unit: MeasureUnit, change: Double, isHarmful: Bool)
    {
        self.variant = variant
        self.metric = metric
        self.statistic = statistic
        self.unit = unit
        self.change = change
        self.isHarmful = isHarmful
    }
}
