import Store
import Vocabulary

/// Where chart history older than the store comes from: the Prometheus source a deployment is read
/// through keeps its whole retention, while llmdeck's store starts when llmdeck first read it.
public protocol LatencyHistorySource: Sendable {
    /// The quantiles of `metric` for `target` over `(from, to]`, one point per `step` milliseconds,
    /// from the system the target is collected from; nil when this source does not hold the target
    /// or could not answer (the chart then shows what the store has).
    func quantiles(
        _ metric: CanonicalMetric,
        of target: TargetRecord,
        from: Int64,
        to: Int64,
        step: Int64
    )
        -> QuantileSeries?
}

extension QuantileSeries {
    /// These points, preceded by `older`'s points from before the first of these (by more than half a
    /// step): the store's own points where it has them, the remote history before.
    public func backfilled(with older: QuantileSeries, step: Int64) -> QuantileSeries {
        func merge(_ local: [SeriesPoint], _ remote: [SeriesPoint]) -> [SeriesPoint] {
            guard let first = local.first?.time else { return remote }
            return remote.filter { $0.time < first - step / 2 } + local
        }
        return QuantileSeries(p50: merge(p50, older.p50), p95: merge(p95, older.p95), p99: merge(p99, older.p99))
    }
}
