/// A number written in decimal (`0.15`, `-2`, `5000`, `1e-4`), times 10^`powerOfTen`, rounded
/// once: `10%` is read as `parseDecimal("10", powerOfTen: -2)`, exactly the double nearest 0.1.
///
/// Stricter than `Double(_:)`, which also takes `0x1p3`, `inf` and `nan`: a price or a
/// significance level is never written that way, so such text is a mistake to report.
func parseDecimal(_ text: Substring, powerOfTen: Int = 0) -> Double? {
    var rest = text.unicodeScalars[...]
    var mantissa = ""
    if rest.first == "-" {
        mantissa.unicodeScalars.append(rest.removeFirst())
    }
    let whole = rest.prefix(while: isDigit)
    rest.removeFirst(whole.count)
    var fraction = Substring.UnicodeScalarView()
    if rest.first == "." {
        rest.removeFirst()
        fraction = rest.prefix(while: isDigit)
        rest.removeFirst(fraction.count)
    }
    guard !whole.isEmpty || !fraction.isEmpty else {
        return nil
    }
    mantissa += whole.isEmpty ? "0" : String(whole)
    mantissa += "."
    mantissa.unicodeScalars.append(contentsOf: fraction)
    mantissa += "0"
    var exponent = 0
    if rest.first == "e" || rest.first == "E" {
        rest.removeFirst()
        let sign = rest.first == "-" ? -1 : 1
        if rest.first == "-" || rest.first == "+" {
            rest.removeFirst()
        }
        let digits = rest.prefix(while: isDigit)
        guard !digits.isEmpty, digits.count < 6, let value = Int(String(digits)) else {
            return nil
        }
        rest.removeFirst(digits.count)
        exponent = sign * value
    }
    guard rest.isEmpty, let value = Double("\(mantissa)e\(exponent + powerOfTen)"), value.isFinite else {
        return nil
    }
    return value
}

/// Text of `value`·10^`powerOfTen` that `parseDecimal(_:powerOfTen: -powerOfTen)` reads back to
/// exactly `value`: the plain product when it round-trips (`0.1` at 2 → `10`), else the shortest
/// form of `value` with its exponent moved (`0.07` at 2 → `7e0` if `7` would not do).
func formatDecimal(_ value: Double, powerOfTen: Int = 0) -> String {
    var scaled = value
    for _ in 0..<abs(powerOfTen) {
        scaled = powerOfTen > 0 ? scaled * 10 : scaled / 10
    }
    let plain = trimmedZeroFraction(scaled.description)
    if parseDecimal(Substring(plain), powerOfTen: -powerOfTen) == value {
        return plain
    }
    let shortest = value.description
    let parts = shortest.split(separator: "e", maxSplits: 1)
    let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
    return "\(parts[0])e\(exponent + powerOfTen)"
}

/// `5000.0` → `5000`; other text unchanged.
private func trimmedZeroFraction(_ text: String) -> String {
    text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    (48...57).contains(scalar.value)
}
