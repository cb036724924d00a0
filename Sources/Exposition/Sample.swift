/// One exposed line: a full sample name, its labels, a value and an optional timestamp.
public struct Sample: Sendable, Equatable {
    /// The full sample name as exposed, e.g. `vllm:e2e_request_latency_seconds_bucket`.
    public var name: String
    /// Labels in exposition order.
    public var labels: [Label]
    /// The value; NaN and ±Inf are kept as such.
    public var value: Double
    /// Milliseconds since the Unix epoch; OpenMetrics seconds are converted (rounded to the
    /// nearest millisecond, saturating at the `Int64` range).
    public var timestampMilliseconds: Int64?
    /// The line of the page it was read from, 1-based; 0 when not read from a page. Not part of
    /// equality.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    /// 32 bits fit in the padding after the optional timestamp, so a sample stays 48 bytes apart
    /// in an array (a page is capped at 16 MiB, far from 2³¹ lines).
    private var storedLine: Int32

    public init(name: String, labels: [Label], value: Double, timestampMilliseconds: Int64? = nil, line: Int = 0) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestampMilliseconds = timestampMilliseconds
        storedLine = Int32(clamping: line)
    }

    /// The value of the label called `name`, or nil when the sample has none.
    public func label(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// Equal when every field is equal, and NaN values count as equal to each other so that
    /// parsing the same text twice gives equal samples.
    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        let sameValue = lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN)
        return sameValue && lhs.name == rhs.name && lhs.labels == rhs.labels
            && lhs.timestampMilliseconds == rhs.timestampMilliseconds
    }
}
