/// A treatment arm together with the caller's running sequential state for it against control.
public struct TreatmentEvidence: Sendable, Hashable {
    /// The treatment.
    public var arm: ExperimentArm
    /// The always-valid p-value and confidence sequence of treatment − control so far, updated
    /// by the caller with `MixtureSequentialTest.look(at:)` at every refresh.
    public var sequential: AlwaysValidState

    public init(arm: ExperimentArm, sequential: AlwaysValidState) {
        self.arm = arm
        self.sequential = sequential
    }
}
