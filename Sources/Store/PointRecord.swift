/// One counter increment or gauge value of a series at a time.
public struct PointRecord: Sendable, Equatable {
    public var seriesID: Int64
    /// Milliseconds since the Unix epoch.
    public var ts: Int64
    /// A counter's increase since the previous scrape, or a gauge's value.
    public var value: Double

    public init(seriesID: Int64, ts: Int64, value: Double) {
        self.seriesID = seriesID
        self.ts = ts
        self.value = value
    }
}
