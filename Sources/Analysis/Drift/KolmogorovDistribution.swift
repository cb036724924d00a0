/// Kolmogorov's limiting distribution of √n·D, the large-sample law of the two-sided KS statistic.
///
/// Q(x) = P(K > x) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²} (Kolmogorov 1933); below x = 1 the CDF is
/// summed instead as its Jacobi-theta form √(2π)/x · Σ_{k≥1} e^{−(2k−1)²π²/(8x²)}, which
/// converges there in a few terms, and Q = 1 − CDF. Matches SciPy's `kstwobign.sf`
/// (`scipy.special.kolmogorov`).
public enum KolmogorovDistribution {
    /// √(2π).
    private static let rootTwoPi = 2.5066282746310002

    /// P(K > x); 1 for x ≤ 0, NaN for NaN.
    public static func survival(_ x: Double) -> Double {
        if x.isNaN {
            return .nan
        }
        if x <= 0 {
            return 1
        }
        if x < 1 {
            let exponent = -Double.pi * Double.pi / (8 * x * x)
            var sum = 0.0
            var odd = 1.0
            while true {
                let term = Elementary.exp(exponent * odd * odd)
                sum += term
                if term <= sum * 1e-17 {
                    break
                }
                odd += 2
            }
            // e^(−π²/(8x²)) underflows below x ≈ 0.04, where the CDF is below 10⁻³⁰⁰.
            return sum == 0 ? 1 : 1 - rootTwoPi / x * sum
        }
        var sum = 0.0
        var sign = 1.0
        var k = 1.0
        while true {
            let term = Elementary.exp(-2 * k * k * x * x)
            sum += sign * term
            if term <= sum * 1e-17 {
                break
            }
            sign = -sign
            k += 1
        }
        return 2 * sum
    }
}
