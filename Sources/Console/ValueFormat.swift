/// Short, fixed-style number formats for the console's cells (no Foundation, deterministic).
enum ValueFormat {
    /// Seconds → `850ms`, `1.25s`, `12.3s`, `2m05s`; nil → `-`.
    static func seconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value < 1 { return "\(Int((value * 1000).rounded()))ms" }
        if value < 10 { return fixed(value, digits: 2) + "s" }
        if value < 100 { return fixed(value, digits: 1) + "s" }
        let total = Int(value.rounded())
        let rest = total % 60
        return "\(total / 60)m" + (rest < 10 ? "0" : "") + "\(rest)s"
    }

    /// A rate or count → `0`, `3.4`, `12`, `1.2k`.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value >= 999.5 { return fixed(value / 1000, digits: 1) + "k" }
        if value >= 9.95 || value == value.rounded() { return "\(Int(value.rounded()))" }
        return fixed(value, digits: 1)
    }

    /// Dollars → `$0.17`, `$12`, `$1.2k`; nil → `-`.
    static func dollars(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        if value >= 999.5 { return "$" + fixed(value / 1000, digits: 1) + "k" }
        if value >= 9.995 { return "$\(Int(value.rounded()))" }
        return "$" + fixed(value, digits: 2)
    }

    /// A fraction 0–1 → `0.0`, `2.5`, `100` (percent, no sign).
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        let percent = value * 100
        return percent >= 99.95 ? "\(Int(percent.rounded()))" : fixed(percent, digits: 1)
    }

    /// Milliseconds → `now`, `42s`, `5m`, `3h`, `2d`.
    static func age(_ milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds / 1000)
        if seconds < 1 { return "now" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }

    /// Milliseconds since the Unix epoch → `2026-01-01 15:04:05 UTC`.
    static func timestamp(_ milliseconds: Int64) -> String {
        let time = UTCTime(milliseconds)
        return "\(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute)):"
            + "\(two(time.second)) UTC"
    }

    /// Milliseconds since the Unix epoch → `15:04Z` on the day of `now` (UTC), `01-02 15:04Z` on
    /// another.
    static func clock(_ milliseconds: Int64, now: Int64) -> String {
        let time = UTCTime(milliseconds)
        let today = UTCTime(now)
        let day = (time.year, time.month, time.day) == (today.year, today.month, today.day)
        return (day ? "" : "\(two(time.month))-\(two(time.day)) ") + "\(two(time.hour)):\(two(time.minute))Z"
    }

    private static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// `value` with exactly `digits` decimals, rounded half away from zero.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        let whole = scaled / Int(scale)
        guard digits > 0 else { return sign + "\(whole)" }
        var fraction = String(scaled % Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        return sign + "\(whole).\(fraction)"
    }
}

/// A time's UTC calendar fields, from days since the epoch by Howard Hinnant's `civil_from_days`
/// (http://howardhinnant.github.io/date_algorithms.html), so drawing needs no time zone database.
struct UTCTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(_ milliseconds: Int64) {
        let seconds = Int(milliseconds.quotientRoundingDown(by: 1000))
        let days = seconds.quotientRoundingDown(by: 86_400)
        let rest = seconds - days * 86_400
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        let shifted = days + 719_468
        let era = shifted.quotientRoundingDown(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension BinaryInteger {
    /// Division rounding towards negative infinity (times before the epoch stay on their day).
    fileprivate func quotientRoundingDown(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
