import Store

/// A role: something that produces observations of targets on its own schedule.
///
/// The scrape source polls model servers itself; a Prometheus query-API source or an Alertmanager
/// source can produce the same `TargetObservation`s (canonical values, raw families, health,
/// identity) so the store and the console need no change when they join.
public protocol MetricSource: Sendable {
    /// The targets this source reports on, as written to the store's `targets` table at start.
    var targets: [TargetRecord] { get }
    /// Produces observations until the calling task is cancelled, then returns once no more will be
    /// delivered. `deliver` may be called from any thread, never blocks, and must not block either.
    func run(deliver: @escaping @Sendable (TargetObservation) -> Void) async
}
