/// The unit of a rule's value, which decides how summaries write it and its thresholds.
public enum AlertUnit: Sendable, Hashable {
    /// Seconds: "2.9 s", "850 ms".
    case seconds
    /// A fraction 0–1 written in percent: "5.2 %".
    case fraction
    /// A whole count: "12".
    case count
    /// A change per second: "0.12/s".
    case perSecond
    /// A plain number: "0.31".
    case number

    /// `value` in this unit, two or three significant digits.
    public func text(_ value: Double) -> String {
        guard value.isFinite else {
            return "n/a"
        }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        switch self {
        case .seconds:
            return magnitude < 1 && magnitude > 0
                ? sign + NumberText.significant(magnitude * 1000, digits: 2) + " ms"
                : sign + NumberText.significant(magnitude, digits: 2) + " s"
        case .fraction:
            return sign + NumberText.significant(magnitude * 100, digits: 2) + " %"
        case .count:
            return NumberText.fixed(value, decimals: value.rounded() == value ? 0 : 1)
        case .perSecond:
            return sign + NumberText.significant(magnitude, digits: 2) + "/s"
        case .number:
            return sign + NumberText.significant(magnitude, digits: 2)
        }
    }
}
