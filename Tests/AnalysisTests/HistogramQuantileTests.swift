import Analysis
import Testing

/// Builds buckets from parallel bounds and cumulative counts.
private func buckets(_ bounds: [Double], _ counts: [Double]) -> [HistogramBucket] {
    zip(bounds, counts).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
}

/// Expected values are derived by hand from Prometheus' BucketQuantile; the arithmetic is in
/// each comment.
struct HistogramQuantileTests {
    private let ordinary = buckets([0.1, 0.5, 1, .infinity], [10, 30, 45, 50])

    @Test func interpolatesLinearlyInsideTheRankBucket() {
        // rank = 0.5 × 50 = 25 → first count ≥ 25 is le=0.5 (30); previous le=0.1 (10):
        // 0.1 + (0.5 − 0.1) × (25 − 10) / (30 − 10) = 0.1 + 0.4 × 0.75 = 0.4
        #expect(abs(histogramQuantile(0.5, ordinary) - 0.4) < 1e-12)
        // rank = 0.9 × 50 = 45 → le=1 (45); previous le=0.5 (30):
        // 0.5 + 0.5 × (45 − 30) / (45 − 30) = 1.0
        #expect(histogramQuantile(0.9, ordinary) == 1.0)
    }

    @Test func firstBucketInterpolatesFromZero() {
        // rank = 0.1 × 20 = 2 → le=2 (10), lower bound 0: 0 + 2 × 2 / 10 = 0.4
        #expect(histogramQuantile(0.1, buckets([2, 4, .infinity], [10, 20, 20])) == 0.4)
    }

    @Test func rankInInfBucketReturnsLargestFiniteBound() {
        // rank = 0.95 × 50 = 47.5 > 45 (le=1) → falls in +Inf → second highest bound 1
        #expect(histogramQuantile(0.95, ordinary) == 1.0)
        // rank = 0.99 × 10 = 9.9 > 8 (le=2) → 2
        #expect(histogramQuantile(0.99, buckets([1, 2, .infinity], [5, 8, 10])) == 2.0)
    }

    @Test func quantileOneReturnsLargestFiniteBound() {
        // rank = 10 > 8 → +Inf bucket → 2
        #expect(histogramQuantile(1, buckets([1, 2, .infinity], [5, 8, 10])) == 2.0)
        // rank = 10 → le=2 holds 10: 1 + 1 × (10 − 5) / (10 − 5) = 2
        #expect(histogramQuantile(1, buckets([1, 2, .infinity], [5, 10, 10])) == 2.0)
    }

    @Test func quantileZeroReturnsZeroOrTheFirstNonPositiveBound() {
        // rank = 0 → le=1 (5 ≥ 0): 0 + 1 × 0 / 5 = 0
        #expect(histogramQuantile(0, buckets([1, 2, .infinity], [5, 10, 10])) == 0)
        // rank = 0, first bound −1 ≤ 0 → −1
        #expect(histogramQuantile(0, buckets([-1, 1, .infinity], [2, 4, 4])) == -1)
    }

    @Test func quantileZeroWithEmptyFirstBucketIsNaNLikePrometheus() {
        // rank = 0 → le=1 (count 0 ≥ 0): 0 + 1 × (0 / 0) = NaN, as Prometheus returns
        #expect(histogramQuantile(0, buckets([1, 2, .infinity], [0, 4, 4])).isNaN)
    }

    @Test func outOfRangeAndNaNQuantiles() {
        #expect(histogramQuantile(.nan, ordinary).isNaN)
        #expect(histogramQuantile(-0.1, ordinary) == -.infinity)
        #expect(histogramQuantile(1.1, ordinary) == .infinity)
        // q is checked before the buckets, so even no buckets give ±Inf for q out of range
        #expect(histogramQuantile(2, []) == .infinity)
    }

    @Test func infOnlyHistogramIsNaN() {
        // one bucket after coalescing → fewer than 2 → NaN
        #expect(histogramQuantile(0.5, buckets([.infinity], [10])).isNaN)
    }

    @Test func emptyInputAndZeroObservationsAreNaN() {
        #expect(histogramQuantile(0.5, []).isNaN)
        #expect(histogramQuantile(0.5, buckets([1, .infinity], [0, 0])).isNaN)
    }

    @Test func missingInfBucketIsNaN() {
        #expect(histogramQuantile(0.5, buckets([1, 2], [5, 10])).isNaN)
        #expect(histogramQuantile(0.5, buckets([1, .nan, .infinity], [5, 6, 10])).isNaN)
    }

    @Test func firstBucketWithNonPositiveBoundReturnsThatBound() {
        // rank = 0.25 × 16 = 4 → le=−1 (4), bound ≤ 0 → −1
        let negative = buckets([-1, 0, 1, .infinity], [4, 8, 12, 16])
        #expect(histogramQuantile(0.25, negative) == -1)
        // rank = 0.6 × 16 = 9.6 → le=1 (12); previous le=0 (8): 0 + 1 × 1.6 / 4 = 0.4
        #expect(abs(histogramQuantile(0.6, negative) - 0.4) < 1e-12)
        // rank = 0.4 × 16 = 6.4 → le=0 (8), previous le=−1 (4): −1 + 1 × 2.4 / 4 = −0.4
        #expect(abs(histogramQuantile(0.4, negative) - -0.4) < 1e-12)
    }

    @Test func nonMonotonicCountsAreLiftedToTheEnvelope() {
        // [10, 6, 20, 20] → [10, 10, 20, 20]; rank = 10 → le=1 (10): 0 + 1 × 10 / 10 = 1
        #expect(histogramQuantile(0.5, buckets([1, 2, 3, .infinity], [10, 6, 20, 20])) == 1)
        // [10, 30, 20, 40] → [10, 30, 30, 40]; rank = 30 → le=2 (30): 1 + 1 × 20 / 20 = 2
        #expect(histogramQuantile(0.75, buckets([1, 2, 3, .infinity], [10, 30, 20, 40])) == 2)
    }

    @Test func equalBoundsAreCoalesced() {
        // le=1 twice: 2 + 3 = 5 → [5, 10, 10]; rank = 5 → le=1: 0 + 1 × 5 / 5 = 1
        #expect(histogramQuantile(0.5, buckets([1, 1, 2, .infinity], [2, 3, 10, 10])) == 1)
    }

    @Test func floatNoiseBetweenBucketsIsIgnored() {
        // 10 − 1e-14 differs from 10 by 5e-16 relative < 1e-12 → taken as 10; rank = 10 → le=1 → 1
        #expect(histogramQuantile(0.5, buckets([1, 2, 3, .infinity], [10, 10 - 1e-14, 20, 20])) == 1)
    }

    @Test func unsortedBucketsAreSortedFirst() {
        let shuffled = buckets([.infinity, 1, 0.1, 0.5], [50, 45, 10, 30])
        #expect(abs(histogramQuantile(0.5, shuffled) - 0.4) < 1e-12)
    }

    @Test func readingExposesItsBucketsForQuantiles() {
        let reading = HistogramReading(
            upperBounds: [0.1, 0.5, 1, .infinity],
            cumulativeCounts: [10, 30, 45, 50],
            count: 50,
            sum: 20
        )
        #expect(reading.buckets == ordinary)
    }
}
