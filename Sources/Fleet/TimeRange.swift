/// The time ranges of the latency charts, with the step each reads at.
///
/// Steps of a minute or more let the store answer from the 1-minute tier, of an hour or more from
/// the 1-hour tier, so a 7-day chart never scans raw points.
public enum TimeRange: String, Sendable, CaseIterable, Equatable {
    case fiveMinutes = "5m"
    case oneHour = "1h"
    case sixHours = "6h"
    case oneDay = "24h"
    case sevenDays = "7d"

    /// Milliseconds.
    public var duration: Int64 {
        switch self {
        case .fiveMinutes: 5 * 60_000
        case .oneHour: 3_600_000
        case .sixHours: 6 * 3_600_000
        case .oneDay: 24 * 3_600_000
        case .sevenDays: 7 * 24 * 3_600_000
        }
    }

    /// Milliseconds between chart points: 60–288 points a chart.
    public var step: Int64 {
        switch self {
        case .fiveMinutes: 5_000
        case .oneHour: 60_000
        case .sixHours: 5 * 60_000
        case .oneDay: 15 * 60_000
        case .sevenDays: 3_600_000
        }
    }

    /// Parses `5m`, `1h`, `6h`, `24h` (or `1d`), `7d`.
    public init?(text: String) {
        if text == "1d" {
            self = .oneDay
            return
        }
        self.init(rawValue: text)
    }
}
