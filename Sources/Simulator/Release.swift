/// A deployed model version and how it behaves.
struct Release: Sendable, Equatable {
    /// Human label, e.g. `v1.4.0`.
    var label: String
    /// Multiplies prefill and per-token time; 1 is the healthy baseline.
    var latencyFactor: Double
    /// Fraction of requests that fail, 0…1.
    var errorRate: Double
    /// Simulated seconds when it started serving: a deploy or rollback restarts the server, which
    /// vLLM shows as a new `process_start_time_seconds`.
    var startedAt: Double = 0
}
