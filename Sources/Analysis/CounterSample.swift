/// One cumulative counter reading at a point in time, the input of `Rate.extrapolatedIncrease`.
public struct CounterSample: Sendable, Equatable {
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    /// The cumulative counter value as scraped.
    public var value: Double

    public init(timestamp: Int64, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}
