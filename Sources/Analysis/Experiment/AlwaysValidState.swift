/// The caller's running state of a sequential test across looks: p_n = min(p_{n−1}, 1/Λ_n)
/// starting from p₀ = 1, and the running intersection of the confidence sequence
/// (Johari et al. 2017, §3; llmops-methods §2.4).
///
/// Keep one per treatment and experiment, and feed it every look in order; the p-value and
/// interval then stay valid however often they are read, and agree with each other: once p ≤ α,
/// the interval excludes the null difference (unless an empty intersection restarted it, below).
public struct AlwaysValidState: Sendable, Hashable {
    /// The always-valid p-value so far (1 before the first look).
    public private(set) var pValue: Double = 1
    /// The intersection of every look's interval; nil before the first look.
    public private(set) var confidenceSequence: ConfidenceInterval?
    /// τ² of the latest look.
    public private(set) var mixingVariance: Double?
    /// How many looks were recorded.
    public private(set) var looks = 0

    public init() {}

    /// Adds a look. An intersection that would be empty — the data contradict a constant
    /// effect, which happens with probability at most α under the model — restarts from the
    /// look's own interval rather than showing an empty set.
    public mutating func record(_ look: SequentialLook) {
        pValue = min(pValue, look.pValue)
        mixingVariance = look.mixingVariance
        looks += 1
        guard let previous = confidenceSequence else {
            confidenceSequence = look.confidenceSequence
            return
        }
        let lower = max(previous.lower, look.confidenceSequence.lower)
        let upper = min(previous.upper, look.confidenceSequence.upper)
        confidenceSequence = lower <= upper ? ConfidenceInterval(lower: lower, upper: upper) : look.confidenceSequence
    }
}
