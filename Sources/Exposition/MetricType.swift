/// The type a family declares with `# TYPE`; families without one are `.unknown`.
///
/// Prometheus text 0.0.4 spells the untyped case `untyped`, OpenMetrics 1.0 spells it
/// `unknown`; both map to `.unknown`. Types are never inferred from a name's suffix.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown
}
