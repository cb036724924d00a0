/// The log-gamma function and the regularized incomplete gamma functions P(a, x) and Q(a, x).
///
/// Series and Lentz continued fraction as in Numerical Recipes (3rd ed., §6.2 `gser`/`gcf`);
/// log Γ by Stirling's series after shifting the argument to ≥ 10 (Abramowitz & Stegun 6.1.41).
enum GammaFunction {
    /// ½·ln(2π).
    static let halfLogTwoPi = 0.91893853320467274178

    /// ln Γ(x) for x > 0.
    static func logGamma(_ x: Double) -> Double {
        guard x > 0 else {
            return .nan
        }
        if x >= 10 {
            return (x - 0.5) * Elementary.log(x) - x + halfLogTwoPi + stirlingCorrection(x)
        }
        var shifted = x
        var product = 1.0
        while shifted < 10 {
            product *= shifted
            shifted += 1
        }
        return logGamma(shifted) - Elementary.log(product)
    }

    /// ln Γ(x) − [(x − ½)·ln x − x + ½·ln 2π] for x ≥ 10: Σ B₂ₖ/(2k(2k−1)x²ᵏ⁻¹) up to x⁻¹³
    /// leaves less than 10⁻¹⁷ there.
    static func stirlingCorrection(_ x: Double) -> Double {
        let inverse2 = 1 / (x * x)
        let series = stirlingCoefficients.reversed().reduce(0) { $0 * inverse2 + $1 }
        return series / x
    }

    /// B₂ₖ/(2k(2k−1)) for k = 1…7: 1/12, −1/360, 1/1260, −1/1680, 1/1188, −691/360360, 1/156.
    private static let stirlingCoefficients: [Double] = [
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
    ]

    /// P(a, x) and Q(a, x) = 1 − P(a, x), each computed directly where it is the smaller, so
    /// that tail probabilities keep their relative precision (down to the underflow limit).
    static func regularizedIncomplete(_ a: Double, _ x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, !x.isNaN else {
            return (.nan, .nan)
        }
        if x <= 0 {
            return (0, 1)
        }
        if x == .infinity {
            return (1, 0)
        }
        let logFront = -x + a * Elementary.log(x) - logGamma(a)
        if x < a + 1 {
            let lower = Elementary.exp(logFront) * lowerSeries(a, x)
            return (lower, 1 - lower)
        }
        let upper = Elementary.exp(logFront) * upperContinuedFraction(a, x)
        return (1 - upper, upper)
    }

    /// Σ xⁿ / (a(a+1)…(a+n)), which times e^(−x)·x^a/Γ(a) is P(a, x); converges for x < a + 1.
    private static func lowerSeries(_ a: Double, _ x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        for _ in 0..<10_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * 1e-17 {
                break
            }
        }
        return sum
    }

    /// The continued fraction which times e^(−x)·x^a/Γ(a) is Q(a, x) (modified Lentz).
    private static func upperContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for i in 1..<10_000 {
            let n = Double(i)
            let an = -n * (n - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny {
                d = tiny
            }
            c = b + an / c
            if abs(c) < tiny {
                c = tiny
            }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 {
                break
            }
        }
        return fraction
    }
}
