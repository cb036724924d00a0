import Foundation

/// Seconds from a duration such as `500ms`, `5s`, `1m30s`, `2h`, `7d` or `1w`; a plain number
/// means seconds.
///
/// Units follow Prometheus durations (`ms`, `s`, `m`, `h`, `d`, `w`, `y` = 365 d) and must appear
/// largest first, each at most once; numbers may have a fraction (`1.5h`). The result may be 0;
/// callers that need a positive duration check that themselves.
///
/// - Returns: seconds, or `nil` when the text is not a duration (empty, negative, unknown unit).
public func parseDuration(_ text: String) -> Double? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty {
        return nil
    }
    if let plain = plainNumber(trimmed) {
        return plain
    }
    var remaining = Substring(trimmed)
    var total = 0.0
    var previousRank = Int.max
    while !remaining.isEmpty {
        let digits = remaining.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let number = plainNumber(String(digits)) else {
            return nil
        }
        remaining = remaining.dropFirst(digits.count)
        let letters = remaining.prefix { $0.isASCII && $0.isLetter }
        guard let unit = durationUnits.firstIndex(where: { $0.symbol == letters }), unit < previousRank else {
            return nil
        }
        previousRank = unit
        remaining = remaining.dropFirst(letters.count)
        total += number * durationUnits[unit].seconds
    }
    return total.isFinite ? total : nil
}

/// Shortest text `parseDuration` reads back as the same number of seconds (`90` → `1m30s`);
/// a duration that is not a whole number of milliseconds is written in plain seconds.
public func formatDuration(_ seconds: Double) -> String {
    let milliseconds = (seconds * 1000).rounded()
    guard seconds.isFinite, seconds > 0, milliseconds < 1e15, milliseconds / 1000 == seconds else {
        return String(format: "%.17g", seconds)
    }
    var rest = Int64(milliseconds)
    var text = ""
    for unit in durationUnits.reversed() where unit.symbol != "y" {
        let size = Int64(unit.seconds * 1000)
        if rest >= size {
            text += "\(rest / size)\(unit.symbol)"
            rest %= size
        }
    }
    return text
}

/// Units from smallest to largest; the index is the rank that enforces largest-first order.
private let durationUnits: [(symbol: Substring, seconds: Double)] = [
    ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800), ("y", 31_536_000),
]

/// A non-negative decimal number without sign, exponent or unit.
private func plainNumber(_ text: String) -> Double? {
    guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
        text.filter({ $0 == "." }).count <= 1, text != "."
    else {
        return nil
    }
    return Double(text)
}
