/// How much worse than control a guardrail metric may get before it is flagged.
public enum GuardrailMargin: Sendable, Hashable {
    /// An amount in the metric's unit (0.05 s, 0.01 of error rate).
    case absolute(Double)
    /// A fraction of control's value (0.1 for 10 % worse).
    case relative(Double)
}
