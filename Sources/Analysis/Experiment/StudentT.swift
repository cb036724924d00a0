/// Student's t distribution with ν > 0 degrees of freedom (real, not only whole): CDF,
/// survival and quantile.
///
/// The CDF is ½·I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1) through the incomplete beta
/// function; the quantile starts from Hill's approximation (ACM Algorithm 396, 1970, as in R's
/// `qt`) and is refined by Newton steps on ln F against ln|t|, which keeps relative precision in
/// the far tails. ν = 1 (Cauchy) and ν = 2 have closed forms.
public enum StudentT {
    /// P(T ≤ t).
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        t < 0 ? halfTail(t, degreesOfFreedom) : 1 - halfTail(t, degreesOfFreedom)
    }

    /// P(T > t), computed directly in the upper tail.
    public static func survival(_ t: Double, degreesOfFreedom: Double) -> Double {
        t > 0 ? halfTail(t, degreesOfFreedom) : 1 - halfTail(t, degreesOfFreedom)
    }

    /// The density at t.
    static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let logKernel = -(nu + 1) / 2 * logOnePlusSquare(t, over: nu)
        return Elementary.exp(logKernel - BetaFunction.logBeta(nu / 2, 0.5) - 0.5 * Elementary.log(nu))
    }

    /// ½·P(|T| > |t|).
    private static func halfTail(_ t: Double, _ nu: Double) -> Double {
        guard nu > 0, !t.isNaN else {
            return .nan
        }
        if t == 0 {
            return 0.5
        }
        // x = ν/(ν+t²) and 1 − x, both without cancellation or overflow.
        let x: Double
        let complement: Double
        if abs(t) > 1 {
            let ratio = nu / t / t
            x = ratio / (1 + ratio)
            complement = 1 / (1 + ratio)
        } else {
            x = nu / (nu + t * t)
            complement = t * t / (nu + t * t)
        }
        return 0.5 * BetaFunction.regularizedIncomplete(nu / 2, 0.5, x: x, complement: complement).lower
    }

    /// ln(1 + t²/ν) without overflowing t².
    private static func logOnePlusSquare(_ t: Double, over nu: Double) -> Double {
        let magnitude = abs(t)
        if magnitude > 1e100 {
            return 2 * Elementary.log(magnitude) - Elementary.log(nu)
        }
        return Elementary.log1p(t * t / nu)
    }

    /// The t with P(T ≤ t) = p: −∞ at 0, +∞ at 1, NaN outside [0, 1] or for ν ≤ 0.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, p >= 0, p <= 1 else {
            return .nan
        }
        if p == 0 {
            return -.infinity
        }
        if p == 1 {
            return .infinity
        }
        if p == 0.5 {
            return 0
        }
        if p > 0.5 {
            return -lowerQuantile(1 - p, nu)
        }
        return lowerQuantile(p, nu)
    }

    /// The negative t with P(T ≤ t) = p, for 0 < p < ½.
    private static func lowerQuantile(_ p: Double, _ nu: Double) -> Double {
        if nu == 1 {
            return -Elementary.cotangentOfPi(times: p)
        }
        if nu == 2 {
            return (2 * p - 1) / (2 * p * (1 - p)).squareRoot()
        }
        var t = nu > 1 ? -hillQuantile(twoTailed: 2 * p, nu) : -Elementary.cotangentOfPi(times: p)
        let logP = Elementary.log(p)
        for _ in 0..<60 {
            let probability = halfTail(t, nu)
            // Newton on g(u) = ln F(−e^u) − ln p, u = ln(−t): g'(u) = f(t)·t/F(t).
            let slope = density(t, degreesOfFreedom: nu) * t / probability
            guard slope.isFinite, slope != 0 else {
                break
            }
            let step = max(-1, min(1, (Elementary.log(probability) - logP) / slope))
            t *= Elementary.exp(-step)
            if abs(step) < 1e-15 {
                break
            }
        }
        return t
    }

    /// Hill's approximation to the t exceeded with two-tailed probability `twoTailed`
    /// (ACM Algorithm 396; R's `qt` uses it as its starting point too).
    private static func hillQuantile(twoTailed probability: Double, _ n: Double) -> Double {
        let a = 1 / (n - 0.5)
        let b = 48 / (a * a)
        var c = ((20700 * a / b - 98) * a - 16) * a + 96.36
        let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * n
        var y = Elementary.pow(d * probability, 2 / n)
        if y > 0.05 + a {
            let x = StandardNormal.quantile(0.5 * probability)
            y = x * x
            if n < 5 {
                c += 0.3 * (n - 4.5) * (x + 0.6)
            }
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
            y = a * y * y
            y = y > 0.002 ? Elementary.exp(y) - 1 : 0.5 * y * y + y
        } else {
            y =
                ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1)
                * (n + 1) / (n + 2) + 1 / y
        }
        return (n * y).squareRoot()
    }
}
