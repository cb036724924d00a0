/// The chi-squared distribution's survival function, as the SRM check needs it.
///
/// P(χ²_k > x) = Q(k/2, x/2), the regularized upper incomplete gamma function
/// (Abramowitz & Stegun 26.4.19); matches SciPy's `chi2.sf` in both tails.
public enum ChiSquared {
    /// P(χ² > x) with `degreesOfFreedom` > 0.
    public static func survival(_ x: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 0 else {
            return .nan
        }
        return GammaFunction.regularizedIncomplete(degreesOfFreedom / 2, x / 2).upper
    }
}
