import Analysis
import Testing

struct CounterMathTests {
    @Test func firstSampleHasNoIncrement() {
        #expect(CounterMath.increment(previous: nil, current: 42) == nil)
    }

    @Test func incrementIsTheDifference() {
        #expect(CounterMath.increment(previous: 100, current: 130) == 30)
        #expect(CounterMath.increment(previous: 7, current: 7) == 0)
    }

    @Test func decreaseIsAResetAndTheIncrementIsTheCurrentValue() {
        // the server restarted: 500 → 12 means 12 new events since the restart
        #expect(CounterMath.increment(previous: 500, current: 12) == 12)
        #expect(CounterMath.increment(previous: 500, current: 0) == 0)
    }

    @Test func nonFiniteValuesGiveNoIncrement() {
        #expect(CounterMath.increment(previous: 1, current: .nan) == nil)
        #expect(CounterMath.increment(previous: .nan, current: 5) == nil)
        #expect(CounterMath.increment(previous: 1, current: .infinity) == nil)
    }

    @Test func histogramIncrementIsPerBucket() {
        let increment = CounterMath.histogramIncrement(previous: [1, 4, 9, 10], current: [3, 7, 15, 17])
        #expect(increment == [2, 3, 6, 7])
    }

    @Test func histogramFirstReadingHasNoIncrement() {
        #expect(CounterMath.histogramIncrement(previous: nil, current: [1, 2]) == nil)
    }

    @Test func histogramDecreaseInAnyBucketIsAReset() {
        // only the middle bucket went down: still a restart
        #expect(CounterMath.histogramIncrement(previous: [1, 4, 9], current: [2, 3, 10]) == [2, 3, 10])
        // the count (+Inf bucket) went down
        #expect(CounterMath.histogramIncrement(previous: [1, 4, 9], current: [1, 4, 5]) == [1, 4, 5])
    }

    @Test func histogramLayoutChangeStartsOver() {
        #expect(CounterMath.histogramIncrement(previous: [1, 4, 9], current: [1, 4, 9, 12]) == nil)
    }

    @Test func histogramReadingIncrementCoversCountAndSum() throws {
        let bounds: [Double] = [0.5, 1, .infinity]
        let previous = HistogramReading(upperBounds: bounds, cumulativeCounts: [2, 5, 6], count: 6, sum: 4.5)
        let current = HistogramReading(upperBounds: bounds, cumulativeCounts: [3, 8, 10], count: 10, sum: 8.0)
        let increment = try #require(CounterMath.histogramIncrement(previous: previous, current: current))
        #expect(increment.cumulativeCounts == [1, 3, 4])
        #expect(increment.count == 4)
        #expect(increment.sum == 3.5)
    }

    @Test func histogramReadingResetReturnsTheCurrentReading() {
        let bounds: [Double] = [0.5, 1, .infinity]
        let previous = HistogramReading(upperBounds: bounds, cumulativeCounts: [2, 5, 6], count: 6, sum: 4.5)
        let restarted = HistogramReading(upperBounds: bounds, cumulativeCounts: [1, 1, 1], count: 1, sum: 0.2)
        #expect(CounterMath.histogramIncrement(previous: previous, current: restarted) == restarted)
    }

    @Test func histogramReadingWithNewBoundsStartsOver() {
        let previous = HistogramReading(upperBounds: [0.5, .infinity], cumulativeCounts: [2, 6], count: 6, sum: 4.5)
        let current = HistogramReading(upperBounds: [1, .infinity], cumulativeCounts: [3, 7], count: 7, sum: 5)
        #expect(CounterMath.histogramIncrement(previous: previous, current: current) == nil)
    }
}
