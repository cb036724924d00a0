import Foundation

/// How each client library prints a sample value; the simulator imitates all three (serving-metrics.md §1.5).
enum ExpositionNumber {
    /// The shortest decimal digits that round-trip, as `0.DIGITS × 10^pointPosition`.
    struct ShortestDigits {
        var isNegative: Bool
        var digits: [UInt8]
        var pointPosition: Int
    }

    /// Shortest round-trip digits of a finite value, taken from Swift's own shortest printer.
    static func shortestDigits(_ value: Double) -> ShortestDigits {
        let text = Array(value.description.utf8)
        var index = 0
        var isNegative = false
        if index < text.count, text[index] == UInt8(ascii: "-") {
            isNegative = true
            index += 1
        }
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
                break
            } else {
                digits.append(byte)
            }
            index += 1
        }
        var point = (pointPosition ?? digits.count) + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while let last = digits.last, last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        if digits.isEmpty {
            return ShortestDigits(isNegative: isNegative, digits: [UInt8(ascii: "0")], pointPosition: 1)
        }
        return ShortestDigits(isNegative: isNegative, digits: digits, pointPosition: point)
    }

    /// Python's `repr(float)`: shortest round-trip, exponent form below 1e-4 or from 1e16, `.0` on integers.
    static func pythonRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let shortest = shortestDigits(value)
        let digits = String(decoding: shortest.digits, as: UTF8.self)
        let sign = shortest.isNegative ? "-" : ""
        let point = shortest.pointPosition
        if value != 0 && (point <= -4 || point > 16) {
            let exponent = point - 1
            let mantissa = digits.count == 1 ? digits : "\(digits.prefix(1)).\(digits.dropFirst())"
            let exponentText = String(abs(exponent))
            let padded = exponentText.count < 2 ? "0" + exponentText : exponentText
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(padded)"
        }
        return sign + fixed(digits: digits, point: point, integerSuffix: ".0")
    }

    /// `prometheus_client`'s `floatToGoString`: Python repr, but Go-style exponents from 1e6 up.
    ///
    /// Reproduces its quirk of a fixed `e+0` prefix (`1e+06`, and `e+010` past 1e10).
    static func prometheusClient(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 {
            return "\(Int(value)).0"
        }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let text = pythonRepr(value)
        guard value > 0, let dot = text.firstIndex(of: ".") else { return text }
        let dotOffset = text.distance(from: text.startIndex, to: dot)
        guard dotOffset > 6 else { return text }
        var mantissa =
            "\(text.prefix(1)).\(text[text.index(after: text.startIndex)..<dot])\(text[text.index(after: dot)...])"
        while let last = mantissa.last, last == "0" || last == "." {
            mantissa.removeLast()
        }
        return "\(mantissa)e+0\(dotOffset - 1)"
    }

    /// Rust's `Display` for `f64` (TGI's exporter): shortest round-trip, never an exponent, no `.0`.
    static func rust(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let shortest = shortestDigits(value)
        let digits = String(decoding: shortest.digits, as: UTF8.self)
        return (shortest.isNegative ? "-" : "")
            + fixed(digits: digits, point: shortest.pointPosition, integerSuffix: "")
    }

    /// C++ `ostream` default formatting (`%g`, 6 significant digits), as llama.cpp prints every value.
    static func cpp(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 {
            return String(Int(value))
        }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%g", value)
    }

    private static func fixed(digits: String, point: Int, integerSuffix: String) -> String {
        if point <= 0 {
            return "0." + String(repeating: "0", count: -point) + digits
        }
        if point >= digits.count {
            return digits + String(repeating: "0", count: point - digits.count) + integerSuffix
        }
        let split = digits.index(digits.startIndex, offsetBy: point)
        return "\(digits[..<split]).\(digits[split...])"
    }
}
