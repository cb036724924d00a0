/// Exponential, logarithms and small-angle trigonometry in plain Swift, so that `Analysis`
/// keeps importing nothing (DESIGN.md: the pure core imports no platform module).
///
/// Argument reduction follows fdlibm (`e_exp.c`: Cody–Waite split of ln 2; `e_log.c`: the
/// significand reduced to [√½, √2) and log(1+f) = 2·atanh(f/(2+f))); the remainders are summed
/// as Taylor series long enough to reach double precision, which keeps the code short at the
/// cost of speed the statistics do not need.
enum Elementary {
    /// ln 2 split so that `k * ln2High` is exact for |k| < 2²⁰ (fdlibm `ln2_hi`, `ln2_lo`).
    private static let ln2High = 6.93147180369123816490e-01
    private static let ln2Low = 1.90821492927058770002e-10
    private static let log2e = 1.4426950408889634

    /// e^x, with overflow to +∞ above 709.78 and underflow to 0 below −745.13.
    static func exp(_ x: Double) -> Double {
        if x.isNaN {
            return x
        }
        if x > 709.782712893384 {
            return .infinity
        }
        if x < -745.1332191019412 {
            return 0
        }
        let k = (x * log2e).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        // |r| ≤ ½ ln 2: the first omitted Taylor term, r¹⁶/16!, is below 2⁻⁶⁸.
        var term = 1.0
        var sum = 1.0
        for i in 1...15 {
            term *= r / Double(i)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// Natural logarithm; NaN below 0, −∞ at 0.
    static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 {
            return .nan
        }
        if x == 0 {
            return -.infinity
        }
        if x == .infinity {
            return x
        }
        var exponent = Double(x.exponent)
        var significand = x.significand
        if significand > 1.4142135623730951 {
            significand *= 0.5
            exponent += 1
        }
        // significand − 1 is exact here (Sterbenz).
        return exponent * ln2High + (exponent * ln2Low + log1pReduced(significand - 1))
    }

    /// ln(1 + x), accurate for x near 0 where `log(1 + x)` would lose the digits of x.
    static func log1p(_ x: Double) -> Double {
        if x.isNaN || x < -1 {
            return .nan
        }
        if x == -1 {
            return -.infinity
        }
        if x == .infinity {
            return x
        }
        if x >= -0.2928 && x <= 0.4142 {
            return log1pReduced(x)
        }
        let u = 1 + x
        // Corrects for the rounding of 1 + x (Goldberg's trick).
        return log(u) - ((u - 1) - x) / u
    }

    /// ln(1 + f) for f in [√½ − 1, √2 − 1], as 2·atanh(s) with s = f/(2+f), |s| ≤ 0.1716.
    private static func log1pReduced(_ f: Double) -> Double {
        let s = f / (2 + f)
        let s2 = s * s
        var power = s
        var sum = s
        var denominator = 1.0
        // Through s²⁵/25: the first omitted term, s²⁷/27, is below 2⁻⁷⁰·s.
        for _ in 1...12 {
            power *= s2
            denominator += 2
            sum += power / denominator
        }
        return 2 * sum
    }

    /// x^y for x > 0, as e^(y·ln x).
    static func pow(_ x: Double, _ y: Double) -> Double {
        exp(y * log(x))
    }

    /// cot(π·p) for p in (0, ½], without the loss of digits near ½ that π·p would cause.
    static func cotangentOfPi(times p: Double) -> Double {
        if p <= 0.25 {
            let angle = Double.pi * p
            return cosine(angle) / sine(angle)
        }
        let angle = Double.pi * (0.5 - p)
        return sine(angle) / cosine(angle)
    }

    /// sin x for |x| ≤ π/4 (Taylor series; 11 terms reach double precision there).
    private static func sine(_ x: Double) -> Double {
        let x2 = x * x
        var term = x
        var sum = x
        for i in stride(from: 2.0, through: 22, by: 2) {
            term *= -x2 / (i * (i + 1))
            sum += term
        }
        return sum
    }

    /// cos x for |x| ≤ π/4 (Taylor series; 11 terms reach double precision there).
    private static func cosine(_ x: Double) -> Double {
        let x2 = x * x
        var term = 1.0
        var sum = 1.0
        for i in stride(from: 1.0, through: 21, by: 2) {
            term *= -x2 / (i * (i + 1))
            sum += term
        }
        return sum
    }
}
