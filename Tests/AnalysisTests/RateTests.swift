import Analysis
import Testing

struct RateTests {
    @Test func perSecondDividesByTheWindow() {
        #expect(Rate.perSecond(total: 300, windowSeconds: 60) == 5)
        #expect(Rate.perSecond(total: 0, windowSeconds: 60) == 0)
    }

    @Test func perSecondRejectsEmptyOrInvalidWindows() {
        #expect(Rate.perSecond(total: 10, windowSeconds: 0) == nil)
        #expect(Rate.perSecond(total: 10, windowSeconds: -5) == nil)
        #expect(Rate.perSecond(total: .nan, windowSeconds: 60) == nil)
        #expect(Rate.perSecond(total: 10, windowSeconds: .infinity) == nil)
    }

    private func samples(_ pairs: [(seconds: Int64, value: Double)]) -> [CounterSample] {
        pairs.map { CounterSample(timestamp: $0.seconds * 1000, value: $0.value) }
    }

    @Test func increaseExtrapolatesToTheWindowEdges() throws {
        // window (0, 60 s]; samples at 5, 20, 35, 50 s: delta 30, sampled 45 s, average 15 s,
        // threshold 16.5 s; to start 5 s and to end 10 s are both under it; zero point
        // 45 × 10 / 30 = 15 s is not nearer than 5 s → 30 × (45 + 5 + 10) / 45 = 40
        let increase = try #require(
            Rate.extrapolatedIncrease(
                samples([(5, 10), (20, 20), (35, 30), (50, 40)]),
                rangeStart: 0,
                rangeEnd: 60_000
            )
        )
        #expect(abs(increase - 40) < 1e-9)
    }

    @Test func increaseAddsTheValueBeforeAReset() throws {
        // samples 5, 8, 2 at 10, 20, 30 s: delta 2 − 5 = −3, plus 8 for the reset = 5;
        // to start 10 s < 11 s threshold; zero point 20 × 5 / 5 = 20 s → 5 × (20 + 10) / 20 = 7.5
        let increase = try #require(
            Rate.extrapolatedIncrease(samples([(10, 5), (20, 8), (30, 2)]), rangeStart: 0, rangeEnd: 30_000)
        )
        #expect(abs(increase - 7.5) < 1e-9)
    }

    @Test func increaseNeverExtrapolatesBelowZero() throws {
        // samples 1, 11 at 50, 60 s in (0, 60 s]: to start 50 s ≥ 11 s → 5 s; zero point
        // 10 × 1 / 10 = 1 s < 5 s → 1 s; 10 × (10 + 1 + 0) / 10 = 11
        let increase = try #require(
            Rate.extrapolatedIncrease(samples([(50, 1), (60, 11)]), rangeStart: 0, rangeEnd: 60_000)
        )
        #expect(abs(increase - 11) < 1e-9)
    }

    @Test func increaseNeedsTwoSamples() {
        #expect(Rate.extrapolatedIncrease(samples([(10, 5)]), rangeStart: 0, rangeEnd: 60_000) == nil)
        #expect(Rate.extrapolatedIncrease([], rangeStart: 0, rangeEnd: 60_000) == nil)
    }
}
