/// One variant of an experiment with the counts of its primary rate (successful requests).
public struct ExperimentArm: Sendable, Hashable {
    /// The variant's name as the application labels it.
    public var name: String
    /// Successes and requests since the experiment started.
    public var sample: ProportionSample

    public init(name: String, sample: ProportionSample) {
        self.name = name
        self.sample = sample
    }
}
