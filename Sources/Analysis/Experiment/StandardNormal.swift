/// The standard normal distribution: CDF, survival, density and quantile.
///
/// Φ is computed from the incomplete gamma function, Φ(−z) = ½·Q(½, z²/2), so both tails keep
/// their relative precision down to 10⁻³⁰⁰; the quantile is Wichura's AS 241 (`PPND16`,
/// Applied Statistics 37(3), 1988), accurate to about 1 part in 10¹⁶ — the algorithm behind
/// R's `qnorm` and close to SciPy's `ndtri`.
public enum StandardNormal {
    /// P(Z ≤ x).
    public static func cdf(_ x: Double) -> Double {
        x < 0 ? halfTail(x) : 1 - halfTail(x)
    }

    /// P(Z > x), computed directly in the upper tail (no 1 − Φ cancellation).
    public static func survival(_ x: Double) -> Double {
        x > 0 ? halfTail(x) : 1 - halfTail(x)
    }

    /// φ(x) = e^(−x²/2)/√(2π).
    public static func density(_ x: Double) -> Double {
        Elementary.exp(-0.5 * x * x - GammaFunction.halfLogTwoPi)
    }

    /// ½·P(|Z| > |x|), the one-tail probability beyond |x|.
    private static func halfTail(_ x: Double) -> Double {
        if x.isNaN {
            return .nan
        }
        return 0.5 * GammaFunction.regularizedIncomplete(0.5, 0.5 * x * x).upper
    }

    /// Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else {
            return .nan
        }
        if p == 0 {
            return -.infinity
        }
        if p == 1 {
            return .infinity
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * centralNumerator.evaluate(r) / centralDenominator.evaluate(r)
        }
        var r = Elementary.log(q < 0 ? p : 1 - p)
        r = (-r).squareRoot()
        let tail: Double
        if r <= 5 {
            r -= 1.6
            tail = intermediateNumerator.evaluate(r) / intermediateDenominator.evaluate(r)
        } else {
            r -= 5
            tail = farNumerator.evaluate(r) / farDenominator.evaluate(r)
        }
        return q < 0 ? -tail : tail
    }

    // AS 241 coefficients (Wichura 1988), lowest order first.
    private static let centralNumerator = Polynomial([
        3.3871328727963666080e+00, 1.3314166789178437745e+02, 1.9715909503065514427e+03,
        1.3731693765509461125e+04, 4.5921953931549871457e+04, 6.7265770927008700853e+04,
        3.3430575583588128105e+04, 2.5090809287301226727e+03,
    ])
    private static let centralDenominator = Polynomial([
        1.0, 4.2313330701600911252e+01, 6.8718700749205790830e+02, 5.3941960214247511077e+03,
        2.1213794301586595867e+04, 3.9307895800092710610e+04, 2.8729085735721942674e+04,
        5.2264952788528545610e+03,
    ])
    private static let intermediateNumerator = Polynomial([
        1.42343711074968357734e+00, 4.63033784615654529590e+00, 5.76949722146069140550e+00,
        3.64784832476320460504e+00, 1.27045825245236838258e+00, 2.41780725177450611770e-01,
        2.27238449892691845833e-02, 7.74545014278341407640e-04,
    ])
    private static let intermediateDenominator = Polynomial([
        1.0, 2.05319162663775882187e+00, 1.67638483018380384940e+00, 6.89767334985100004550e-01,
        1.48103976427480074590e-01, 1.51986665636164571966e-02, 5.47593808499534494600e-04,
        1.05075007164441684324e-09,
    ])
    private static let farNumerator = Polynomial([
        6.65790464350110377720e+00, 5.46378491116411436990e+00, 1.78482653991729133580e+00,
        2.96560571828504891230e-01, 2.65321895265761230930e-02, 1.24266094738807843860e-03,
        2.71155556874348757815e-05, 2.01033439929228813265e-07,
    ])
    private static let farDenominator = Polynomial([
        1.0, 5.99832206555887937690e-01, 1.36929880922735805310e-01, 1.48753612908506148525e-02,
        7.86869131145613259100e-04, 1.84631831751005468180e-05, 1.42151175831644588870e-07,
        2.04426310338993978564e-15,
    ])
}

/// A polynomial evaluated by Horner's rule; coefficients lowest order first.
private struct Polynomial: Sendable {
    let coefficients: [Double]

    init(_ coefficients: [Double]) {
        self.coefficients = coefficients
    }

    func evaluate(_ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }
}
