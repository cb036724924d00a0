/// The log-beta function and the regularized incomplete beta function I_x(a, b).
///
/// The continued fraction is evaluated with the modified Lentz method (Numerical Recipes 3rd
/// ed., §6.4 `betacf`); ln B(a, b) for a large argument uses the Stirling difference of TOMS 708
/// (`algdiv`) so that the Student t tails stay accurate at large degrees of freedom.
enum BetaFunction {
    /// ln B(a, b) for a, b > 0.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        guard large >= 10 else {
            return GammaFunction.logGamma(a) + GammaFunction.logGamma(b) - GammaFunction.logGamma(a + b)
        }
        // ln Γ(large) − ln Γ(large + small) without subtracting two large numbers.
        let ratio = large + small
        let difference =
            -small * Elementary.log(large) - (ratio - 0.5) * Elementary.log1p(small / large) + small
            + GammaFunction.stirlingCorrection(large) - GammaFunction.stirlingCorrection(ratio)
        return GammaFunction.logGamma(small) + difference
    }

    /// I_x(a, b) and 1 − I_x(a, b), the smaller computed directly so tails keep their digits.
    ///
    /// - Parameters:
    ///   - x: the argument, 0…1.
    ///   - complement: 1 − x computed by the caller without cancellation (t²/(ν+t²) for the
    ///     Student t), so that x near 1 loses nothing.
    static func regularizedIncomplete(
        _ a: Double,
        _ b: Double,
        x: Double,
        complement: Double
    ) -> (lower: Double, upper: Double) {
        guard a > 0, b > 0, !x.isNaN, !complement.isNaN else {
            return (.nan, .nan)
        }
        if x <= 0 {
            return (0, 1)
        }
        if complement <= 0 {
            return (1, 0)
        }
        let logX = x > 0.5 ? Elementary.log1p(-complement) : Elementary.log(x)
        let logComplement = complement > 0.5 ? Elementary.log1p(-x) : Elementary.log(complement)
        let front = Elementary.exp(a * logX + b * logComplement - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            let lower = front * continuedFraction(a, b, x) / a
            return (lower, 1 - lower)
        }
        let upper = front * continuedFraction(b, a, complement) / b
        return (1 - upper, upper)
    }

    /// The continued fraction for I_x(a, b); converges fast for x < (a+1)/(a+b+2).
    private static func continuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        let sum = a + b
        var c = 1.0
        var d = nonZero(1 - sum * x / (a + 1), tiny)
        d = 1 / d
        var fraction = d
        for step in 1..<100_000 {
            let m = Double(step)
            let twoM = 2 * m
            let even = m * (b - m) * x / ((a - 1 + twoM) * (a + twoM))
            d = 1 / nonZero(1 + even * d, tiny)
            c = nonZero(1 + even / c, tiny)
            fraction *= d * c
            let odd = -(a + m) * (sum + m) * x / ((a + twoM) * (a + 1 + twoM))
            d = 1 / nonZero(1 + odd * d, tiny)
            c = nonZero(1 + odd / c, tiny)
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < 1e-16 {
                break
            }
        }
        return fraction
    }

    /// Lentz's guard against a zero denominator.
    private static func nonZero(_ value: Double, _ tiny: Double) -> Double {
        abs(value) < tiny ? tiny : value
    }
}
