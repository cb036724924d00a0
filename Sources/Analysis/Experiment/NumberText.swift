/// Numbers written the way verdicts show them, without Foundation's formatters: grouped
/// thousands ("4,200"), fixed decimals, explicit signs, percentages with a space ("+3.1 %").
enum NumberText {
    /// A whole number with comma-grouped thousands: 4200 → "4,200".
    static func grouped(_ value: Double) -> String {
        let digits = fixed(abs(value), decimals: 0)
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 {
                result.append(",")
            }
            result.append(character)
        }
        return value < 0 && digits != "0" ? "-" + result : result
    }

    /// `value` rounded to `decimals` places: (0.0042, 3) → "0.004". Non-finite values → "n/a".
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<max(0, decimals) {
            scale *= 10
        }
        let scaled = (abs(value) * scale).rounded()
        guard scaled.isFinite, scaled < 9e18 else {
            return "n/a"
        }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var text = String(whole)
        if decimals > 0 {
            let fraction = String(units % Int64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return value < 0 && units != 0 ? "-" + text : text
    }

    /// `fixed` with a leading "+" for positive values: "+180", "-3.1", "0".
    static func signed(_ value: Double, decimals: Int) -> String {
        let text = fixed(value, decimals: decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// A signed rate difference in percent, one decimal, or two significant digits when one
    /// decimal would show 0: 0.031 → "+3.1 %", 0.0004 → "+0.04 %".
    static func signedPercent(_ rate: Double) -> String {
        let percent = rate * 100
        if abs(percent) >= 0.05 || percent == 0 {
            return signed(percent, decimals: 1) + " %"
        }
        let sign = percent < 0 ? "-" : "+"
        return sign + significant(abs(percent), digits: 2) + " %"
    }

    /// A positive rate in percent with no trailing zeros: 0.01 → "1", 0.005 → "0.5".
    static func plainPercent(_ rate: Double) -> String {
        var text = fixed(rate * 100, decimals: 2)
        while text.hasSuffix("0") && text.contains(".") {
            text.removeLast()
        }
        if text.hasSuffix(".") {
            text.removeLast()
        }
        return text
    }

    /// `value` > 0 rounded to `digits` significant digits: (0.003123, 2) → "0.0031", (4183, 2) →
    /// "4200"; 0 and non-finite values as `fixed` writes them.
    static func significant(_ value: Double, digits: Int) -> String {
        guard value > 0, value.isFinite else {
            return fixed(value, decimals: 0)
        }
        let decimals = digits - 1 - decimalExponent(of: value)
        if decimals >= 0 {
            return fixed(value, decimals: decimals)
        }
        return fixed(rounded(value, toSignificantDigits: digits), decimals: 0)
    }

    /// A count rounded up, then to two significant digits, grouped: 4183 → "4,200", 87 → "87".
    static func approximateCount(_ value: Double) -> String {
        let whole = value.rounded(.up)
        guard whole > 0, whole.isFinite else {
            return grouped(whole)
        }
        return grouped(rounded(whole, toSignificantDigits: 2))
    }

    /// `value` > 0 rounded to a multiple of the power of ten that keeps `digits` digits.
    private static func rounded(_ value: Double, toSignificantDigits digits: Int) -> Double {
        let exponent = decimalExponent(of: value) - digits + 1
        var unit = 1.0
        for _ in 0..<abs(exponent) {
            unit *= 10
        }
        return exponent >= 0 ? (value / unit).rounded() * unit : (value * unit).rounded() / unit
    }

    /// ⌊log₁₀ value⌋ for a positive finite value, without a logarithm.
    private static func decimalExponent(of value: Double) -> Int {
        var exponent = 0
        var scaled = value
        while scaled >= 10 {
            scaled /= 10
            exponent += 1
        }
        while scaled < 1 {
            scaled *= 10
            exponent -= 1
        }
        return exponent
    }

    /// A p-value for a verdict: three decimals, or "< 0.001".
    static func pValue(_ p: Double) -> String {
        p < 0.0005 ? "< 0.001" : fixed(p, decimals: 3)
    }
}
