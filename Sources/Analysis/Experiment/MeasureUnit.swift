/// The unit of a compared figure, which decides how a verdict writes it.
public enum MeasureUnit: Sendable, Hashable {
    /// Seconds, written in milliseconds ("+180 ms").
    case seconds
    /// A rate 0…1, written in percent ("+1.2 %").
    case proportion
    /// US dollars ("+$0.0031").
    case dollars

    /// A signed change in this unit as the verdict writes it.
    func signedText(_ change: Double) -> String {
        switch self {
        case .seconds:
            return NumberText.signed(change * 1000, decimals: 0) + " ms"
        case .proportion:
            return NumberText.signedPercent(change)
        case .dollars:
            let sign = change < 0 ? "-" : "+"
            return sign + "$" + NumberText.significant(abs(change), digits: 2)
        }
    }
}
