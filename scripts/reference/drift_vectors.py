#!/usr/bin/env python3
"""Reference vectors for llmdeck's drift statistics and change-point detectors.

Drift (Sources/Analysis/Drift): two windows of per-bucket counts over one Prometheus bucket
layout. Computed here in NumPy with the conventions of notes/drift-statistics.md:
- PSI = sum (q - p) ln(q / p) over the bins the baseline has seen; a zero share becomes
  Evidently's epsilon (min non-zero share of that window / 1e6 when that minimum <= 1e-4, else
  1e-4); a bin empty in both windows contributes 0; a bin empty in the baseline only is a
  "new range": its epsilon term is reported but left out of the PSI sum.
- KS D = max |F_baseline - F_current| over the bucket bounds (cumulative shares); its p-value
  is scipy.stats.ks_2samp(method="exact") on the bucket indices repeated by their counts (ties
  make the data binned, the distribution assumed is the continuous one) when both totals are
  whole numbers and n_b * n_c <= 1e6, else scipy.stats.kstwobign.sf(sqrt(en) * D) with
  en = n_b n_c / (n_b + n_c); no p-value for fractional totals.
- Jensen-Shannon distance: scipy.spatial.distance.jensenshannon(p, q, base=2).
- Hellinger: sqrt(sum (sqrt p - sqrt q)^2 / 2).

Change points (Sources/Analysis/ChangePoint): seeded Gaussian streams run through plain
Python loops of the two detectors as notes/drift-statistics.md states them (the reference's
"plain Python loop", llmops-methods.md section 3.5).

Floats are written with Python's repr (shortest round-trip digits); bucket layouts are given
as their finite bounds, +Inf implied as the last bucket.

Regenerate: python3 scripts/reference/drift_vectors.py > Tests/Fixtures/scipy/drift_vectors.json
Written with SciPy 1.17.1 and NumPy 2.4.6.

`python3 scripts/reference/drift_vectors.py --null-psi` prints instead how PSI is spread when both
windows come from the same distribution (the grounds for DriftPolicy's minimum of 1,000).
"""
import json
import math
import sys
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

EXACT_LIMIT = 1_000_000
MODERATE, MAJOR = 0.1, 0.25

VLLM_REQUEST_LATENCY = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
                        120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0]
VLLM_REQUEST_TOKENS = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0]


def f(x):
    return float(x)


def evidently_epsilon(shares):
    smallest = shares[shares > 0].min()
    return smallest / 1e6 if smallest <= 1e-4 else 1e-4


def ks_p_value(baseline, current, d):
    nb, nc = baseline.sum(), current.sum()
    if (baseline != np.floor(baseline)).any() or (current != np.floor(current)).any():
        return None
    if nb * nc <= EXACT_LIMIT:
        index = np.arange(len(baseline))
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # SciPy falls back to kstwo with a warning; fail instead.
            result = stats.ks_2samp(np.repeat(index, baseline.astype(int)), np.repeat(index, current.astype(int)),
                                    method="exact")
        assert abs(result.statistic - d) < 1e-12, (result.statistic, d)
        return f(result.pvalue)
    en = nb * nc / (nb + nc)
    return f(stats.kstwobign.sf(math.sqrt(en) * d))


def drift_case(name, bounds, baseline, current, with_ks=True):
    b = np.array(baseline, dtype=float)
    c = np.array(current, dtype=float)
    assert len(b) == len(c) == len(bounds) + 1
    nb, nc = b.sum(), c.sum()
    p, q = b / nb, c / nc
    eb, ec = evidently_epsilon(p), evidently_epsilon(q)
    contributions, new_range = [], []
    for pi, qi in zip(p, q):
        if pi == 0 and qi == 0:
            contributions.append(0.0)
            new_range.append(False)
            continue
        pe = pi if pi > 0 else eb
        qe = qi if qi > 0 else ec
        contributions.append(f((qe - pe) * np.log(qe / pe)))
        new_range.append(bool(pi == 0))
    psi = f(sum(x for x, new in zip(contributions, new_range) if not new))
    d = f(np.max(np.abs(np.cumsum(b) / nb - np.cumsum(c) / nc)))
    tier = "major" if psi >= MAJOR else "moderate" if psi >= MODERATE else "none"
    return {"name": name, "bounds": [f(x) for x in bounds], "baseline": [f(x) for x in b],
            "current": [f(x) for x in c], "baseline_shares": [f(x) for x in p],
            "current_shares": [f(x) for x in q], "contributions": contributions, "new_range": new_range,
            "psi": psi, "baseline_epsilon": f(eb), "current_epsilon": f(ec),
            "new_range_share": f(q[np.array(new_range, dtype=bool)].sum()), "ks": d,
            "ks_p": ks_p_value(b, c, d) if with_ks else None, "js": f(jensenshannon(p, q, base=2)),
            "hellinger": f(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2) / 2)), "tier": tier}


def binned(bounds, values):
    """Per-bucket counts with Prometheus `le` semantics: a value lands in the first bound >= it."""
    return np.bincount(np.searchsorted(bounds, values, side="left"), minlength=len(bounds) + 1)


def drift_cases():
    rng = np.random.default_rng(20260807)
    cases = [
        drift_case("reference example 1 (section 3.2) as counts of 100", [1, 2, 3, 4],
                   [12, 25, 31, 20, 12], [9, 21, 29, 26, 15]),
        drift_case("reference example 2: a bin empty in the baseline", [1, 2, 3], [30, 50, 20, 0], [25, 45, 20, 10]),
    ]
    latency = binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.9), 0.5, 3000))
    cases.append(drift_case("identical windows", VLLM_REQUEST_LATENCY, latency, latency))
    cases.append(drift_case("same shape, three times the baseline", VLLM_REQUEST_LATENCY, 3 * latency, latency))
    cases.append(drift_case("tiny counts: new ranges and vanished bins", [1, 2, 3, 4], [1, 0, 2, 1, 0],
                            [0, 2, 1, 0, 1]))
    cases.append(drift_case("latency +12 %, 800 vs 1200 (exact p, unequal n)", VLLM_REQUEST_LATENCY,
                            binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.8), 0.5, 800)),
                            binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.9), 0.5, 1200))))
    cases.append(drift_case("latency +5 %, 20000 vs 15000 (asymptotic p)", VLLM_REQUEST_LATENCY,
                            binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.8), 0.5, 20000)),
                            binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.84), 0.5, 15000))))
    cases.append(drift_case("prompt tokens x3 (the simulator's drift), 5000 vs 4000", VLLM_REQUEST_TOKENS,
                            binned(VLLM_REQUEST_TOKENS, rng.lognormal(np.log(550), 0.6, 5000)),
                            binned(VLLM_REQUEST_TOKENS, rng.lognormal(np.log(1650), 0.6, 4000))))
    wide = [169, 658, 1328, 752, 1131, 522, 226, 200, 14, 3] + [0] * 12
    narrow = [20, 2470, 32357, 29000, 31760, 4000, 350, 36, 7] + [0] * 13
    cases.append(drift_case("vanished tail, current epsilon from a share below 1e-4", VLLM_REQUEST_LATENCY,
                            wide, narrow))
    cases.append(drift_case("new tail range, baseline epsilon from a share below 1e-4", VLLM_REQUEST_LATENCY,
                            narrow, wide))
    cases.append(drift_case("fractional counts (extrapolated increases): no p-value", [0.5, 1, 2],
                            [10.5, 40.25, 30, 2.75], [12.5, 35, 33.5, 4]))
    cases.append(drift_case("bins empty in both windows", [0.3, 0.5, 0.8, 1, 1.5, 2], [0, 40, 100, 0, 60, 0, 0],
                            [0, 30, 110, 0, 55, 5, 0]))
    baseline = binned(VLLM_REQUEST_LATENCY, rng.lognormal(np.log(0.6), 0.3, 3000))
    current = binned(VLLM_REQUEST_LATENCY, np.concatenate([rng.lognormal(np.log(0.6), 0.3, 1400),
                                                           rng.uniform(25, 35, 600)]))
    cases.append(drift_case("30 % of requests in a range the baseline never saw", VLLM_REQUEST_LATENCY, baseline,
                            current))
    for size_b, size_c, buckets in [(5, 7, 3), (10, 10, 4), (13, 29, 5), (40, 40, 6), (64, 100, 8), (97, 211, 5),
                                    (250, 250, 7), (300, 3333, 6), (1000, 1000, 9), (7, 142857, 4)]:
        weights_b = rng.dirichlet(np.ones(buckets))
        weights_c = 0.7 * weights_b + 0.3 * rng.dirichlet(np.ones(buckets))
        cases.append(drift_case(f"random {buckets} bins, {size_b} vs {size_c}", list(range(1, buckets)),
                                rng.multinomial(size_b, weights_b), rng.multinomial(size_c, weights_c)))
    return cases


def kolmogorov_vectors():
    xs = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75, 0.82, 0.83, 1.0, 1.2, 1.36, 1.5, 2.0, 3.0, 5.0, 8.0]
    return [{"x": x, "sf": f(stats.kstwobign.sf(x))} for x in xs]


def cusum_loop(values, minimum=30, slack=0.5, threshold=5.0, floor=1e-3):
    """Tabular two-sided CUSUM, baseline frozen after the first `minimum` observations."""
    signals, upper, lower = [], [], []
    n, mean, m2, baseline, up, down, pending = 0, 0.0, 0.0, None, 0.0, 0.0, False
    for x in values:
        if pending:
            n, mean, m2, baseline, up, down, pending = 0, 0.0, 0.0, None, 0.0, 0.0, False
        if baseline is None:
            n += 1
            delta = x - mean
            mean += delta / n
            m2 += delta * (x - mean)
            if n == minimum:
                sd = math.sqrt(m2 / (n - 1)) if n > 1 else 0.0
                baseline = (mean, max(sd, floor))
            signals.append("warmingUp")
        else:
            mu, sigma = baseline
            deviation = x - mu
            up = max(0.0, up + deviation - slack * sigma)
            down = max(0.0, down - deviation - slack * sigma)
            if up > threshold * sigma:
                signals.append("upward")
                pending = True
            elif down > threshold * sigma:
                signals.append("downward")
                pending = True
            else:
                signals.append("inControl")
        upper.append(up)
        lower.append(down)
    return signals, upper, lower


def page_hinkley_loop(values, minimum=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001):
    """Page-Hinkley (upward) with the running mean since the last reset, as river updates it."""
    signals, sums = [], []
    n, mean, s, pending = 0, 0.0, 0.0, False
    for x in values:
        if pending:
            n, mean, s, pending = 0, 0.0, 0.0, False
        n += 1
        mean += (x - mean) / n
        s = max(0.0, alpha * s + (x - mean - delta))
        if n <= minimum:
            signals.append("warmingUp")
        elif s >= threshold:
            signals.append("upward")
            pending = True
        else:
            signals.append("inControl")
        sums.append(s)
    return signals, sums


def change_point_streams():
    rng = np.random.default_rng(20260808)
    streams = []
    for name, values in [
        ("latency ms N(100, 10), stationary", 100 + 10 * rng.standard_normal(400)),
        ("latency ms N(100, 10), +3 sd from index 150", 100 + 10 * rng.standard_normal(300)
         + np.where(np.arange(300) >= 150, 30.0, 0.0)),
        ("error ratio N(0.02, 0.004), -2 sd from index 100", 0.02 + 0.004 * rng.standard_normal(200)
         - np.where(np.arange(200) >= 100, 0.008, 0.0)),
    ]:
        signals, upper, lower = cusum_loop([f(x) for x in values])
        streams.append({"detector": "cusum", "name": name, "values": [f(x) for x in values], "signals": signals,
                        "upper": upper, "lower": lower})
    for name, values in [
        ("latency ms N(100, 1), stationary", 100 + rng.standard_normal(600)),
        ("latency ms N(100, 1), +5 ms from index 300", 100 + rng.standard_normal(500)
         + np.where(np.arange(500) >= 300, 5.0, 0.0)),
    ]:
        signals, sums = page_hinkley_loop([f(x) for x in values])
        streams.append({"detector": "page_hinkley", "name": name, "values": [f(x) for x in values],
                        "signals": signals, "statistic": sums})
    return streams


def null_psi_table(runs=2000):
    """PSI of two windows drawn from one lognormal, per window size: mean, 99th percentile, share >= 0.1."""
    rng = np.random.default_rng(5)
    print("layout          n/window  mean PSI  99th pct  share >= 0.1")
    for label, bounds, median, sigma in [("vLLM latency", VLLM_REQUEST_LATENCY, 0.9, 0.8),
                                         ("vLLM tokens", VLLM_REQUEST_TOKENS, 550, 1.0)]:
        for n in [100, 300, 1000, 3000]:
            values = []
            for _ in range(runs):
                case = drift_case("null", bounds, binned(bounds, rng.lognormal(np.log(median), sigma, n)),
                                  binned(bounds, rng.lognormal(np.log(median), sigma, n)), with_ks=False)
                values.append(case["psi"])
            values = np.array(values)
            print(f"{label:15} {n:8}  {values.mean():8.4f}  {np.quantile(values, 0.99):8.4f}  {(values >= 0.1).mean():11.4f}")


def main():
    if sys.argv[1:] == ["--null-psi"]:
        null_psi_table()
        return
    document = {
        "generator": f"scripts/reference/drift_vectors.py, SciPy {scipy.__version__}, NumPy {np.__version__}",
        "drift": drift_cases(),
        "kolmogorov_sf": kolmogorov_vectors(),
        "change_points": change_point_streams(),
    }
    print(json.dumps(document, indent=1, allow_nan=False))


if __name__ == "__main__":
    main()
