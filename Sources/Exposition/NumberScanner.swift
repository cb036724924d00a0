/// Reads the numbers of the exposition formats straight from bytes.
///
/// Accepts the float syntax Prometheus and OpenMetrics share (Go `ParseFloat` without its
/// hex, underscore and base-prefix forms): optional sign, digits with an optional fraction,
/// an optional exponent, and case-insensitive `NaN`, `Inf`, `Infinity`.
enum NumberScanner {
    /// Powers of ten exactly representable as Double, for the exact fast path.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The float in `bytes[start..<end]`, or nil when it is not a float in the formats' syntax.
    /// `allowSpecial: false` rejects NaN and infinities (OpenMetrics timestamps).
    static func double(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, allowSpecial: Bool = true) -> Double? {
        var index = start
        guard index < end else { return nil }
        var isNegative = false
        var hasSign = false
        if bytes[index] == ASCII.plus || bytes[index] == ASCII.minus {
            isNegative = bytes[index] == ASCII.minus
            hasSign = true
            index += 1
            guard index < end else { return nil }
        }
        let lower = bytes[index] | 0x20
        if lower == ASCII.lowerI || lower == ASCII.lowerN {
            guard allowSpecial else { return nil }
            if lower == ASCII.lowerN {
                return !hasSign && matchesWord("nan", bytes, index, end) ? .nan : nil
            }
            guard matchesWord("inf", bytes, index, end) || matchesWord("infinity", bytes, index, end) else {
                return nil
            }
            return isNegative ? -.infinity : .infinity
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var isTruncated = false
        var hasDigit = false
        while index < end, let digit = ASCII.digit(bytes[index]) {
            hasDigit = true
            if mantissa == 0 && digit == 0 {
                // Leading zero: no effect on the value.
            } else if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                significantDigits += 1
            } else {
                exponent += 1
                isTruncated = true
            }
            index += 1
        }
        if index < end && bytes[index] == ASCII.dot {
            index += 1
            while index < end, let digit = ASCII.digit(bytes[index]) {
                hasDigit = true
                if mantissa == 0 && digit == 0 {
                    exponent -= 1
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    significantDigits += 1
                    exponent -= 1
                } else {
                    isTruncated = true
                }
                index += 1
            }
        }
        guard hasDigit else { return nil }
        if index < end && (bytes[index] | 0x20) == ASCII.lowerE {
            index += 1
            var isExponentNegative = false
            if index < end && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) {
                isExponentNegative = bytes[index] == ASCII.minus
                index += 1
            }
            var written = 0
            var hasExponentDigit = false
            while index < end, let digit = ASCII.digit(bytes[index]) {
                hasExponentDigit = true
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard hasExponentDigit else { return nil }
            exponent += isExponentNegative ? -written : written
        }
        guard index == end else { return nil }
        if mantissa == 0 { return isNegative ? -0.0 : 0.0 }
        if !isTruncated && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            let magnitude = Double(mantissa)
            let value = exponent < 0 ? magnitude / powersOfTen[-exponent] : magnitude * powersOfTen[exponent]
            return isNegative ? -value : value
        }
        // Rare: more than 15 significant digits or a large exponent; the standard library rounds exactly.
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        return Double(text)
    }

    /// The integer in `bytes[start..<end]` (optional sign, decimal digits), or nil when it is
    /// not one or does not fit in Int64. Prometheus text 0.0.4 timestamps.
    static func int64(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var index = start
        var isNegative = false
        if index < end && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) {
            isNegative = bytes[index] == ASCII.minus
            index += 1
        }
        guard index < end else { return nil }
        var value: Int64 = 0
        while index < end {
            guard let digit = ASCII.digit(bytes[index]) else { return nil }
            let (product, overflowed) = value.multipliedReportingOverflow(by: 10)
            guard !overflowed else { return nil }
            let (sum, overflowedSum) =
                isNegative
                ? product.subtractingReportingOverflow(Int64(digit)) : product.addingReportingOverflow(Int64(digit))
            guard !overflowedSum else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// Whether `bytes[index..<end]` is exactly `word`, ignoring ASCII case.
    private static func matchesWord(
        _ word: StaticString,
        _ bytes: UnsafePointer<UInt8>,
        _ index: Int,
        _ end: Int
    ) -> Bool {
        guard end - index == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for offset in 0..<word.utf8CodeUnitCount where (bytes[index + offset] | 0x20) != expected[offset] {
            return false
        }
        return true
    }
}
