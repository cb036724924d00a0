/// How a chart's y values are labelled.
public enum ChartUnit: Sendable, Equatable {
    /// Seconds, shown as `250ms` below one second and `1.5s` above.
    case seconds
    /// A fraction 0–1 shown as `42%`.
    case fraction
    /// A rate, shown compactly with `/s` (`1.2k/s`).
    case perSecond
    /// A plain number with a suffix (`tok`, `req`, or empty).
    case number(suffix: String)

    /// The axis label of `value`.
    public func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        switch self {
        case .seconds:
            if value == 0 { return "0" }
            if abs(value) < 1 { return ChartUnit.compact(value * 1000) + "ms" }
            return ChartUnit.compact(value) + "s"
        case .fraction: return ChartUnit.compact(value * 100) + "%"
        case .perSecond: return ChartUnit.compact(value) + "/s"
        case .number(let suffix): return ChartUnit.compact(value) + suffix
        }
    }

    /// `0`, `2.5`, `350`, `1.2k`, `3.4M`: at most four characters before the unit.
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude >= 999_500 { return sign + oneDecimal(magnitude / 1_000_000) + "M" }
        if magnitude >= 999.5 { return sign + oneDecimal(magnitude / 1000) + "k" }
        if magnitude >= 9.95 || magnitude == magnitude.rounded() { return sign + String(Int(magnitude.rounded())) }
        return sign + oneDecimal(magnitude)
    }

    private static func oneDecimal(_ value: Double) -> String {
        if value >= 9.95 { return String(Int(value.rounded())) }
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }
}
