/// How long each store tier keeps data, in seconds.
public struct RetentionConfig: Sendable, Equatable {
    /// Seconds raw scrape increments are kept (default 48 h).
    public var raw: Double
    /// Seconds 1-minute rollups are kept (default 30 d).
    public var minute: Double
    /// Seconds 1-hour rollups are kept (default 365 d).
    public var hour: Double

    /// The DESIGN.md defaults: raw 48 h, 1-minute 30 d, 1-hour 1 y.
    public static let standard = RetentionConfig(raw: 48 * 3600, minute: 30 * 86_400, hour: 365 * 86_400)

    public init(raw: Double, minute: Double, hour: Double) {
        self.raw = raw
        self.minute = minute
        self.hour = hour
    }
}
