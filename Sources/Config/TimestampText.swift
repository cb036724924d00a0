import Foundation

/// Milliseconds since the Unix epoch from an ISO 8601 / RFC 3339 time such as
/// `2026-12-01T09:00:00Z`, `2026-12-01T10:00:00.250+01:00` or a date such as `2026-12-01`
/// (UTC midnight).
///
/// A time needs its zone (`Z` or an offset `±HH:MM`, `±HHMM`, `±HH`): a zone-less time would
/// be read differently on every machine. `T` may be written `t` or a space (RFC 3339 §5.6).
/// Fractions finer than a millisecond are truncated; leap seconds (`:60`) are refused.
///
/// - Returns: milliseconds, or `nil` when the text is not such a time or names no real day.
public func parseTimestamp(_ text: String) -> Int64? {
    var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
    guard let year = scanner.number(digits: 4), scanner.skip("-"),
        let month = scanner.number(digits: 2), scanner.skip("-"),
        let day = scanner.number(digits: 2),
        (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
    else {
        return nil
    }
    let midnight = Int64(daysSinceEpoch(year: year, month: month, day: day)) * millisecondsPerDay
    if scanner.isAtEnd {
        return midnight
    }
    guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
        let hour = scanner.number(digits: 2), scanner.skip(":"),
        let minute = scanner.number(digits: 2), hour < 24, minute < 60
    else {
        return nil
    }
    var second = 0
    var milliseconds = 0
    if scanner.skip(":") {
        guard let value = scanner.number(digits: 2), value < 60 else {
            return nil
        }
        second = value
        if scanner.skip(".") {
            guard let fraction = scanner.fractionMilliseconds() else {
                return nil
            }
            milliseconds = fraction
        }
    }
    guard let offsetMinutes = scanner.zoneOffsetMinutes(), scanner.isAtEnd else {
        return nil
    }
    let secondsOfDay = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
    return midnight + secondsOfDay * 1000 + Int64(milliseconds)
}

/// RFC 3339 UTC text that `parseTimestamp` reads back to the same milliseconds: a plain date
/// for UTC midnight (`2026-11-01`), else `2026-12-01T09:00:00Z`, with `.250` when the time has
/// milliseconds. Years outside 0000–9999 are written as they are and do not read back.
public func formatTimestamp(_ milliseconds: Int64) -> String {
    let (days, millisecondOfDay) = floorDivision(milliseconds, millisecondsPerDay)
    let (year, month, day) = civilDate(daysSinceEpoch: days)
    let date = "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    if millisecondOfDay == 0 {
        return date
    }
    let seconds = Int(millisecondOfDay / 1000)
    let fraction = Int(millisecondOfDay % 1000)
    let time = "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
    return date + "T" + time + (fraction == 0 ? "" : "." + padded(fraction, 3)) + "Z"
}

private let millisecondsPerDay: Int64 = 86_400_000

/// Reads fixed-width digit groups and separators from the front of a text, ASCII only.
private struct DigitScanner {
    private var rest: Substring.UnicodeScalarView

    init(_ text: String) {
        rest = Substring(text).unicodeScalars
    }

    var isAtEnd: Bool { rest.isEmpty }

    mutating func skip(_ separator: Unicode.Scalar) -> Bool {
        guard rest.first == separator else {
            return false
        }
        rest.removeFirst()
        return true
    }

    /// Exactly `digits` ASCII digits as a number.
    mutating func number(digits: Int) -> Int? {
        let group = rest.prefix(digits)
        guard group.count == digits, group.allSatisfy(\.isASCIIDigit) else {
            return nil
        }
        rest.removeFirst(digits)
        return group.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    /// One or more digits after the decimal point, as whole milliseconds (truncated).
    mutating func fractionMilliseconds() -> Int? {
        let digits = rest.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty else {
            return nil
        }
        rest.removeFirst(digits.count)
        let firstThree = Array(digits.prefix(3)) + Array(repeating: "0", count: max(0, 3 - digits.count))
        return firstThree.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    /// `Z` as 0, or `±HH[:MM]` / `±HHMM` as signed minutes east of UTC.
    mutating func zoneOffsetMinutes() -> Int? {
        if skip("Z") || skip("z") {
            return 0
        }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2), hours < 24 else {
            return nil
        }
        if isAtEnd {
            return sign * hours * 60
        }
        _ = skip(":")
        guard let minutes = number(digits: 2), minutes < 60 else {
            return nil
        }
        return sign * (hours * 60 + minutes)
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIDigit: Bool { (48...57).contains(value) }
}

private func isLeapYear(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant, "chrono-Compatible
/// Low-Level Date Algorithms", days_from_civil).
private func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// The inverse of `daysSinceEpoch` (Hinnant's civil_from_days).
private func civilDate(daysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
    let shifted = Int(days) + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

private func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let remainder = value % divisor
    return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
}

private func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
