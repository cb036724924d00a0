/// One alert rule: what to watch, how to reduce it over a window, when that is bad, and how the
/// alert behaves over time. Evaluated per deployment; each (rule, deployment) has an `AlertState`.
///
/// Field names follow Prometheus alerting rules (`for`, `keep_firing_for`, labels, a templated
/// summary) with Langfuse's warning/critical tiers and no-data modes and Helicone's minimum-request
/// gate (reference llmops-methods.md §1.6, §5.1).
public struct AlertRuleSpec: Sendable, Hashable {
    /// Unique among the rules; a word of ASCII letters, digits and `_`, such as `latency_p95`.
    public var id: String
    /// The rule in words, for the alerts pane: "p95 latency".
    public var name: String
    public var measure: AlertMeasure
    public var aggregation: AlertAggregation
    /// Seconds the aggregation looks back.
    public var window: Double
    public var thresholds: AlertThresholds
    /// Seconds the condition must hold before a pending alert fires (Prometheus `for`); 0 fires
    /// on the first evaluation that meets it.
    public var holdDuration: Double
    /// Seconds a firing alert keeps firing after its condition stops holding (Prometheus
    /// `keep_firing_for`), so a flapping or briefly unscraped signal neither resolves nor re-fires.
    public var keepFiringFor: Double
    public var noData: AlertNoDataMode
    /// Requests the window must hold before the condition can be met; 0 turns the gate off.
    public var minimumRequests: Int
    /// Extra labels carried by every alert of the rule (`team: serving`).
    public var labels: [String: String]
    /// The summary template; see `summaryText(value:severity:deployment:activeFor:)`.
    public var summary: String

    /// - Parameter summary: the template; `nil` writes "<name of the measure> {{value}} >
    ///   {{threshold}} for {{for}}".
    public init(
        id: String,
        name: String,
        measure: AlertMeasure,
        aggregation: AlertAggregation,
        window: Double,
        thresholds: AlertThresholds,
        holdDuration: Double = 0,
        keepFiringFor: Double = 0,
        noData: AlertNoDataMode = .ok,
        minimumRequests: Int = 0,
        labels: [String: String] = [:],
        summary: String? = nil
    ) {
        self.id = id
        self.name = name
        self.measure = measure
        self.aggregation = aggregation
        self.window = window
        self.thresholds = thresholds
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.noData = noData
        self.minimumRequests = minimumRequests
        self.labels = labels
        self.summary =
            summary ?? Self.defaultSummary(measure: measure, aggregation: aggregation, direction: thresholds.direction)
    }

    /// The unit of the rule's value and thresholds.
    public var unit: AlertUnit { measure.unit(under: aggregation) }

    /// "p95 latency {{value}} > {{threshold}} for {{for}}".
    public static func defaultSummary(
        measure: AlertMeasure,
        aggregation: AlertAggregation,
        direction: AlertDirection
    ) -> String {
        "\(measure.name(under: aggregation)) {{value}} \(direction.symbol) {{threshold}} for {{for}}"
    }
}
