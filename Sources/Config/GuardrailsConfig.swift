/// Guardrails on three lower-is-better figures of a treatment against control; `nil` turns one
/// off. Defaults: latency p95 and cost per request 10 % above control's, error rate two
/// percentage points above control's (`0.02`; `2%` would be 2 % of control's rate).
public struct GuardrailsConfig: Sendable, Equatable {
    /// Margin on the 95th-percentile latency; an absolute margin is in seconds.
    public var latencyP95: GuardrailLimit?
    /// Margin on the failure rate; an absolute margin is a fraction (0.02 = two points).
    public var errorRate: GuardrailLimit?
    /// Margin on dollars per request; an absolute margin is in dollars.
    public var costPerRequest: GuardrailLimit?

    public init(
        latencyP95: GuardrailLimit? = .relative(0.10),
        errorRate: GuardrailLimit? = .absolute(0.02),
        costPerRequest: GuardrailLimit? = .relative(0.10)
    ) {
        self.latencyP95 = latencyP95
        self.errorRate = errorRate
        self.costPerRequest = costPerRequest
    }

    /// These guardrails with each one the overrides name replaced or turned off.
    public func applying(_ overrides: GuardrailOverrides) -> GuardrailsConfig {
        GuardrailsConfig(
            latencyP95: overrides.latencyP95.map(\.limit) ?? latencyP95,
            errorRate: overrides.errorRate.map(\.limit) ?? errorRate,
            costPerRequest: overrides.costPerRequest.map(\.limit) ?? costPerRequest
        )
    }
}

/// How much worse than control a treatment's figure may get before it is flagged, as the
/// Analysis module's `GuardrailMargin` reads it: a margin over control, not a ceiling.
public enum GuardrailLimit: Sendable, Equatable {
    /// A fraction of control's value: `10%` is `.relative(0.1)`, flagged above control × 1.1.
    case relative(Double)
    /// An amount in the figure's unit (seconds, a fraction of requests, dollars) added to
    /// control's value: `0.5s` is `.absolute(0.5)`, flagged above control + 0.5 s.
    case absolute(Double)
}

/// The guardrails one experiment changes; `nil` keeps the one of `experiments.guardrails`.
public struct GuardrailOverrides: Sendable, Equatable {
    public var latencyP95: GuardrailOverride?
    public var errorRate: GuardrailOverride?
    public var costPerRequest: GuardrailOverride?

    public init(
        latencyP95: GuardrailOverride? = nil,
        errorRate: GuardrailOverride? = nil,
        costPerRequest: GuardrailOverride? = nil
    ) {
        self.latencyP95 = latencyP95
        self.errorRate = errorRate
        self.costPerRequest = costPerRequest
    }
}

/// One guardrail as written: a limit, or `off`.
public enum GuardrailOverride: Sendable, Equatable {
    case limit(GuardrailLimit)
    case off

    /// The guardrail this sets: the limit, or `nil` for off.
    public var limit: GuardrailLimit? {
        switch self {
        case .limit(let limit): return limit
        case .off: return nil
        }
    }
}
