/// What the mSPRT says at one look; combine looks with `AlwaysValidState`.
public struct SequentialLook: Sendable, Hashable {
    /// Λ, the mixture likelihood ratio against the null difference.
    public var likelihoodRatio: Double
    /// min(1, 1/Λ) at this look alone; the always-valid p-value is the running minimum.
    public var pValue: Double
    /// The θ₀ this look does not reject (its confidence-sequence member).
    public var confidenceSequence: ConfidenceInterval
    /// τ², the mixing variance used (report it: it sets what the test is sensitive to).
    public var mixingVariance: Double

    public init(likelihoodRatio: Double, pValue: Double, confidenceSequence: ConfidenceInterval, mixingVariance: Double)
    {
        self.likelihoodRatio = likelihoodRatio
        self.pValue = pValue
        self.confidenceSequence = confidenceSequence
        self.mixingVariance = mixingVariance
    }
}
