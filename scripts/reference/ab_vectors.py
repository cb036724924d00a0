#!/usr/bin/env python3
"""Reference vectors for llmdeck's A/B statistics (Sources/Analysis/Experiment), from SciPy.

Distributions come from scipy.stats (norm, t, chi2); the tests from scipy.stats where SciPy has
them (ttest_ind_from_stats, chi2_contingency, chisquare); the rest is computed here by hand in
NumPy from the formulas of ../shared/reference/llmops-methods.md §2 (Wilson interval as
statsmodels' proportion_confint(method="wilson") writes it, the normal-mixture mSPRT closed form,
GrowthBook's N* rule, the sample-size formula). Floats are written with Python's repr (shortest
round-trip digits).

Regenerate: python3 scripts/reference/ab_vectors.py > Tests/Fixtures/scipy/ab_vectors.json
Written with SciPy 1.17.1 and NumPy 2.4.6.
"""
import json
import math

import numpy as np
import scipy
from scipy import stats

DF_VALUES = [1, 1.5, 2, 3, 4.5, 7, 12, 30, 100, 806.84, 1e4, 1e6]
TAIL_PROBABILITIES = [1e-12, 1e-9, 1e-6, 1e-3, 0.025, 0.1, 0.35]


def f(x):
    return float(x)


def normal_vectors():
    xs = [-37.5, -20, -10, -8, -7.034483825763, -5, -3, -1.96, -1, -0.5, -1e-3, 0, 1e-8, 0.3, 1, 2.5, 5, 7.5]
    cdf = [{"x": x, "cdf": f(stats.norm.cdf(x)), "sf": f(stats.norm.sf(x))} for x in xs]
    ps = [1e-300, 1e-100, 1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.025, 0.075, 0.2, 0.5 - 1e-9, 0.5, 0.6, 0.8, 0.9,
          0.975, 0.995, 1 - 1e-9, 1 - 1e-12]
    quantile = [{"p": p, "x": f(stats.norm.ppf(p))} for p in ps]
    return cdf, quantile


def t_vectors():
    cdf = []
    quantile = []
    for df in DF_VALUES:
        ts = [f(stats.t.ppf(q, df)) for q in TAIL_PROBABILITIES] + [-1e-4, 0.5, 1.96, 4.0, 10.0, 1e3]
        cdf += [{"t": t, "df": df, "cdf": f(stats.t.cdf(t, df)), "sf": f(stats.t.sf(t, df))} for t in ts]
        ps = TAIL_PROBABILITIES + [0.5, 0.65, 0.9, 0.975, 0.999, 1 - 1e-9]
        quantile += [{"p": p, "df": df, "t": f(stats.t.ppf(p, df))} for p in ps]
    return cdf, quantile


def chi2_vectors():
    rows = []
    for df in [1, 2, 3, 4, 5, 7, 10, 19, 50, 100]:
        xs = [1e-6, 0.5] + [f(stats.chi2.isf(q, df)) for q in [0.9, 0.5, 0.05, 1e-3, 1e-6, 1e-9, 1e-12, 1e-15]]
        rows += [{"x": x, "df": df, "sf": f(stats.chi2.sf(x, df))} for x in xs]
    return rows


def proportion_vectors():
    cases = [(60, 2000, 36, 2000, 0.95), (120, 1000, 95, 1000, 0.95), (5, 40, 12, 45, 0.95),
             (4500, 5000, 4620, 5000, 0.9), (900, 10000, 1150, 10000, 0.95),
             (30000, 100000, 31500, 100000, 0.99), (1, 100, 3, 120, 0.95), (9, 10, 10, 10, 0.95)]
    rows = []
    for x1, n1, x2, n2, level in cases:
        p1, p2 = x1 / n1, x2 / n2
        pooled = (x1 + x2) / (n1 + n2)
        z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        chi2 = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)[0]
        assert abs(chi2 - z * z) < 1e-8 * max(1, chi2), (chi2, z * z)
        crit = stats.norm.ppf(1 - (1 - level) / 2)
        se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        lift = (p2 - p1) / p1
        lift_se = math.sqrt(p1 * (1 - p1) * p2 ** 2 / (p1 ** 4 * n1) + p2 * (1 - p2) / (p1 ** 2 * n2))
        rows.append({"control": [x1, n1], "treatment": [x2, n2], "confidence": level,
                     "z": z, "p": f(2 * stats.norm.sf(abs(z))), "chi2": f(chi2),
                     "ci_low": p2 - p1 - crit * se, "ci_high": p2 - p1 + crit * se,
                     "lift": lift, "lift_se": lift_se, "lift_p": f(2 * stats.norm.sf(abs(lift / lift_se))),
                     "lift_ci_low": lift - crit * lift_se, "lift_ci_high": lift + crit * lift_se})
    return rows


def welch_vectors():
    cases = [((820, 300, 400), (780, 280, 420), 0.95), ((10, 2, 5), (12, 3, 7), 0.95),
             ((0.5, 0.1, 30), (0.52, 0.2, 1000), 0.9), ((100, 15, 10000), (100.9, 16, 9000), 0.95),
             ((5, 1, 2), (5.5, 2, 3), 0.95), ((1.0, 0.2, 200000), (1.004, 0.25, 180000), 0.99)]
    rows = []
    for (m1, s1, n1), (m2, s2, n2), level in cases:
        result = stats.ttest_ind_from_stats(m2, s2, n2, m1, s1, n1, equal_var=False)
        v1, v2 = s1 ** 2 / n1, s2 ** 2 / n2
        df = (v1 + v2) ** 2 / (v2 ** 2 / (n2 - 1) + v1 ** 2 / (n1 - 1))
        se = math.sqrt(v1 + v2)
        crit = stats.t.ppf(1 - (1 - level) / 2, df)
        lift = (m2 - m1) / m1
        lift_se = math.sqrt(s1 ** 2 * m2 ** 2 / (m1 ** 4 * n1) + s2 ** 2 / (m1 ** 2 * n2))
        rows.append({"control": [m1, s1, n1], "treatment": [m2, s2, n2], "confidence": level,
                     "t": f(result.statistic), "p": f(result.pvalue), "df": df,
                     "ci_low": m2 - m1 - crit * se, "ci_high": m2 - m1 + crit * se,
                     "lift": lift, "lift_p": f(2 * stats.t.sf(abs(lift / lift_se), df)),
                     "lift_ci_low": f(lift - crit * lift_se), "lift_ci_high": f(lift + crit * lift_se)})
    return rows


def srm_vectors():
    cases = [([5100, 4900], [1, 1]), ([5300, 4700], [1, 1]), ([460, 540], [1, 1]), ([9120, 880], [9, 1]),
             ([3400, 3300, 3300], [1, 1, 1]), ([100, 120, 80], [1, 1, 1]), ([1000, 1300, 1700], [1, 1, 2]),
             ([50000, 51500], [1, 1])]
    rows = []
    for observed, weights in cases:
        total = sum(observed)
        expected = [w / sum(weights) * total for w in weights]
        result = stats.chisquare(observed, f_exp=expected)
        rows.append({"observed": observed, "weights": weights, "chi2": f(result.statistic), "p": f(result.pvalue)})
    return rows


def wilson_vectors():
    """statsmodels proportion_confint(method='wilson'), written out by hand."""
    cases = [(0, 10, 0.95), (1, 10, 0.95), (5, 10, 0.95), (10, 10, 0.95), (60, 2000, 0.95), (36, 2000, 0.95),
             (999, 1000, 0.95), (4321, 5000, 0.9), (7, 300, 0.99)]
    rows = []
    for x, n, level in cases:
        z = stats.norm.isf((1 - level) / 2)
        p = x / n
        denominator = 1 + z ** 2 / n
        center = (p + z ** 2 / (2 * n)) / denominator
        half = z * math.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / denominator
        rows.append({"successes": x, "trials": n, "confidence": level, "low": center - half, "high": center + half})
    return rows


def msprt_row(difference, variance, tau2, alpha):
    """Normal-mixture mSPRT on an estimate with variance SE² (llmops-methods §2.4), in NumPy."""
    se2 = np.float64(variance)
    lam = np.sqrt(se2 / (se2 + tau2)) * np.exp(tau2 * difference ** 2 / (2 * se2 * (se2 + tau2)))
    radius = np.sqrt(2 * se2 * (se2 + tau2) / tau2 * np.log(np.sqrt((se2 + tau2) / se2) / alpha))
    return {"difference": difference, "variance": variance, "tau2": tau2, "alpha": alpha,
            "lambda": f(lam), "p": f(min(1.0, 1 / lam)), "cs_low": f(difference - radius),
            "cs_high": f(difference + radius)}


def msprt_vectors():
    rows = [msprt_row(0.12, 2 / 1000, tau2, 0.05) for tau2 in [0.001, 0.0025, 0.01, 0.0772, 1.0]]
    v = 0.10 * 0.90 + 0.12 * 0.88
    rows += [msprt_row(0.02, v / 3000, tau2, 0.05) for tau2 in [1e-5, 1e-4, 1e-3]]
    rows += [msprt_row(-0.031, 0.9 * 0.1 / 700 + 0.87 * 0.13 / 650, 4e-4, 0.1),
             msprt_row(0.001, 1e-6, 1e-4, 0.01)]
    return rows


def growthbook_vectors():
    """GrowthBook's N* form (gbstats frequentist/tests.py), evaluated as GrowthBook writes it."""
    rows = []
    for alpha, n_star, n, se, difference in [(0.05, 5000, 2000, math.sqrt(2 / 1000), 0.12),
                                             (0.05, 10000, 6000, 0.008, 0.02), (0.1, 2000, 900, 0.03, -0.05)]:
        rho = math.sqrt((-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / n_star)
        half = se * math.sqrt(n) * math.sqrt(2 * (n * rho ** 2 + 1) / (n ** 2 * rho ** 2)
                                             * math.log(math.sqrt(n * rho ** 2 + 1) / alpha))
        s2 = difference ** 2 * n / se ** 2
        e = math.exp(rho ** 2 * s2 / (2 * (n * rho ** 2 + 1))) / math.sqrt(n * rho ** 2 + 1)
        rows.append({"alpha": alpha, "n_star": n_star, "total": n, "se": se, "difference": difference,
                     "rho": rho, "half_width": half, "e": e, "p": min(1.0, 1 / e)})
    return rows


def sample_size_vectors():
    rows = []
    for p1, p2, alpha, power in [(0.05, 0.06, 0.05, 0.8), (0.03, 0.02, 0.05, 0.8), (0.9, 0.91, 0.05, 0.8),
                                 (0.5, 0.55, 0.01, 0.9), (0.2, 0.1, 0.1, 0.95)]:
        z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
        n = z ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2
        rows.append({"p1": p1, "p2": p2, "alpha": alpha, "power": power, "n": math.ceil(n)})
    return rows


def main():
    normal_cdf, normal_quantile = normal_vectors()
    t_cdf, t_quantile = t_vectors()
    document = {
        "generator": f"scripts/reference/ab_vectors.py, SciPy {scipy.__version__}, NumPy {np.__version__}",
        "normal_cdf": normal_cdf,
        "normal_quantile": normal_quantile,
        "t_cdf": t_cdf,
        "t_quantile": t_quantile,
        "chi2_sf": chi2_vectors(),
        "proportions": proportion_vectors(),
        "welch": welch_vectors(),
        "srm": srm_vectors(),
        "wilson": wilson_vectors(),
        "msprt": msprt_vectors(),
        "growthbook_sequential": growthbook_vectors(),
        "sample_size": sample_size_vectors(),
    }
    print(json.dumps(document, indent=1, allow_nan=False))


if __name__ == "__main__":
    main()
