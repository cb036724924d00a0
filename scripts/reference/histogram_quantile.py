#!/usr/bin/env python3
"""Independent reference for Prometheus histogram_quantile on classic histograms.

Written from promql/quantile.go (BucketQuantile, ensureMonotonicAndIgnoreSmallDeltas,
util/almost.Equal, Prometheus 3.x) in plain Python, without looking at the Swift port, to
cross-check Sources/Analysis/HistogramQuantile.swift. Prints JSON vectors; every float is a
string in Python repr ('inf', '-inf', 'nan', shortest round-trip digits) so that NaN and
infinities survive JSON.

Regenerate: python3 scripts/reference/histogram_quantile.py > Tests/Fixtures/scipy/histogram_quantile_vectors.json
"""
import json
import math
import random
import sys

MIN_NORMAL = sys.float_info.min
TOLERANCE = 1e-12


def almost_equal(a, b, eps):
    if math.isnan(a) and math.isnan(b):
        return True
    if a == b:
        return True
    abs_sum = abs(a) + abs(b)
    diff = abs(a - b)
    if a == 0 or b == 0 or abs_sum < MIN_NORMAL:
        return diff < eps * MIN_NORMAL
    return diff / min(abs_sum, sys.float_info.max) < eps


def ieee_divide(a, b):
    """Float division as Go and Swift do it: x/0 is ±Inf, 0/0 is NaN (Python raises)."""
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def bucket_quantile(q, buckets):
    if math.isnan(q):
        return math.nan
    if q < 0:
        return -math.inf
    if q > 1:
        return math.inf
    if not buckets or any(math.isnan(b) for b, _ in buckets):
        return math.nan
    bs = sorted(buckets, key=lambda p: p[0])
    if bs[-1][0] != math.inf:
        return math.nan
    merged = []
    for bound, count in bs:
        if merged and merged[-1][0] == bound:
            merged[-1][1] += count
        else:
            merged.append([bound, count])
    prev = merged[0][1]
    for item in merged[1:]:
        cur = item[1]
        if cur == prev:
            continue
        if almost_equal(prev, cur, TOLERANCE) or cur < prev:
            item[1] = prev
            continue
        prev = cur
    if len(merged) < 2:
        return math.nan
    total = merged[-1][1]
    if total == 0:
        return math.nan
    rank = q * total
    # After the envelope the counts are non-decreasing, so a linear scan finds the same
    # bucket as Go's sort.Search.
    index = len(merged) - 1
    for i in range(len(merged) - 1):
        if merged[i][1] >= rank:
            index = i
            break
    if index == len(merged) - 1:
        return merged[-2][0]
    if index == 0 and merged[0][0] <= 0:
        return merged[0][0]
    start = 0.0
    end = merged[index][0]
    count = merged[index][1]
    if index > 0:
        start = merged[index - 1][0]
        count -= merged[index - 1][1]
        rank -= merged[index - 1][1]
    return start + (end - start) * ieee_divide(rank, count)


def case(name, q, buckets):
    return {
        "name": name,
        "q": repr(float(q)),
        "bounds": [repr(float(b)) for b, _ in buckets],
        "counts": [repr(float(c)) for _, c in buckets],
        "expected": repr(bucket_quantile(q, [(float(b), float(c)) for b, c in buckets])),
    }


INF = math.inf
VLLM_E2E = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0,
            120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0, INF]


def cases():
    out = [
        case("ordinary p50", 0.5, [(0.1, 10), (0.5, 30), (1, 45), (INF, 50)]),
        case("ordinary p95", 0.95, [(0.1, 10), (0.5, 30), (1, 45), (INF, 50)]),
        case("first bucket interpolates from zero", 0.1, [(2, 10), (4, 20), (INF, 20)]),
        case("inf only", 0.5, [(INF, 10)]),
        case("empty histogram", 0.5, [(1, 0), (INF, 0)]),
        case("no inf bucket", 0.5, [(1, 5), (2, 10)]),
        case("rank in inf bucket", 0.99, [(1, 5), (2, 8), (INF, 10)]),
        case("q one with overflow", 1.0, [(1, 5), (2, 8), (INF, 10)]),
        case("q one without overflow", 1.0, [(1, 5), (2, 10), (INF, 10)]),
        case("q zero", 0.0, [(1, 5), (2, 10), (INF, 10)]),
        case("q zero leading empty buckets", 0.0, [(1, 0), (2, 4), (INF, 4)]),
        case("negative first bound", 0.25, [(-1, 4), (0, 8), (1, 12), (INF, 16)]),
        case("negative bounds interpolate", 0.6, [(-1, 4), (0, 8), (1, 12), (INF, 16)]),
        case("non monotonic", 0.5, [(1, 10), (2, 6), (3, 20), (INF, 20)]),
        case("non monotonic envelope", 0.75, [(1, 10), (2, 30), (3, 20), (INF, 40)]),
        case("duplicate bounds coalesce", 0.5, [(1, 2), (1, 3), (2, 10), (INF, 10)]),
        case("float noise ignored", 0.5, [(1, 10), (2, 10 - 1e-14), (3, 20), (INF, 20)]),
        case("unsorted input", 0.5, [(INF, 50), (1, 45), (0.1, 10), (0.5, 30)]),
        case("vllm e2e p99", 0.99, [(b, c) for b, c in zip(VLLM_E2E, [
            0, 2, 9, 17, 40, 71, 95, 180, 260, 290, 300, 306, 309, 310, 310, 311, 311, 311, 311, 311, 311, 311])]),
    ]
    rng = random.Random(20260822)
    for n in range(40):
        size = rng.randint(2, 8)
        bounds = sorted(rng.sample([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, -0.5, 0], size - 1))
        counts, total = [], 0.0
        for _ in bounds:
            total += rng.choice([0, 0, 1, 3, 7.5, 20])
            counts.append(total)
        counts.append(total + rng.choice([0, 1, 4]))
        q = rng.choice([0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1])
        out.append(case(f"random {n}", q, list(zip(bounds + [INF], counts))))
    return out


if __name__ == "__main__":
    json.dump(cases(), sys.stdout, indent=1)
    sys.stdout.write("\n")
