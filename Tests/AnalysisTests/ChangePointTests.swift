import Analysis
import Foundation
import TestSupport
import Testing

/// CUSUM and Page–Hinkley on llmops-methods.md §3.5's worked example (latency in ms: 10 samples
/// of 100, then 130s), on deterministic streams, and against the plain Python loops of
/// scripts/reference/drift_vectors.py on seeded Gaussian streams (statistic to 10⁻⁹ at every
/// observation, every signal equal).
struct ChangePointTests {
    private let example = Array(repeating: 100.0, count: 10) + Array(repeating: 130.0, count: 10)
    /// 100 ± 10, alternating: stationary, with a sample standard deviation of about 10.
    private let alternating = (0..<500).map { $0 % 2 == 0 ? 110.0 : 90.0 }

    private struct Vectors: Decodable {
        struct Stream: Decodable {
            var detector: String
            var name: String
            var values: [Double]
            var signals: [String]
            var upper: [Double]?
            var lower: [Double]?
            var statistic: [Double]?
        }
        var change_points: [Stream]
    }

    private func streams(_ detector: String) throws -> [Vectors.Stream] {
        let data = try TestPaths.fixture("scipy/drift_vectors.json")
        return try JSONDecoder().decode(Vectors.self, from: data).change_points.filter { $0.detector == detector }
    }

    /// The signal as the Python loop names it.
    private func name(_ signal: ChangePointSignal) -> String {
        switch signal {
        case .ignored: "ignored"
        case .warmingUp: "warmingUp"
        case .inControl: "inControl"
        case .alarm(let direction): direction.rawValue
        }
    }

    private func agrees(_ value: Double, _ expected: Double) -> Bool {
        abs(value - expected) <= max(1e-9 * abs(expected), 1e-12)
    }

    private func firstAlarm(_ signals: [ChangePointSignal]) -> Int? {
        signals.firstIndex(where: \.isAlarm)
    }

    // §3.5: μ = 100, σ = 10 frozen, k = 5, h = 50 → S⁺ = 25, 50, 75 at 10, 11, 12; 50 is not > 50.
    @Test func cusumAlarmsAtIndexTwelveOfTheWorkedExample() throws {
        var detector = CUSUMDetector(baseline: try #require(StreamBaseline(mean: 100, standardDeviation: 10)))
        var sums: [Double] = []
        var signals: [ChangePointSignal] = []
        for value in example[0...12] {
            signals.append(detector.observe(value))
            sums.append(detector.upperSum)
        }
        #expect(detector.decisionInterval == 50)
        #expect(Array(sums[10...12]) == [25, 50, 75])
        #expect(firstAlarm(signals) == 12)
        #expect(signals[12] == .alarm(.upward))
        #expect(signals[0..<12].allSatisfy { $0 == .inControl })
    }

    // §3.5: river's update with min_instances 5 → S = 27.27 at 10, 52.26 at 11 ≥ 50.
    @Test func pageHinkleyAlarmsAtIndexElevenOfTheWorkedExample() {
        var detector = PageHinkleyDetector(settings: .init(warmUpCount: 5))
        var statistics: [Double] = []
        var signals: [ChangePointSignal] = []
        for value in example {
            signals.append(detector.observe(value))
            statistics.append(detector.statistic)
            if signals.last?.isAlarm == true {
                break
            }
        }
        #expect(abs(statistics[10] - 27.27) < 0.005)
        #expect(abs(statistics[11] - 52.26) < 0.005)
        #expect(firstAlarm(signals) == 11)
    }

    @Test func nothingAlarmsDuringTheDefaultWarmUp() {
        var pageHinkley = PageHinkleyDetector()
        var cusum = CUSUMDetector()
        let signals = example.map { pageHinkley.observe($0) } + example.map { cusum.observe($0) }
        #expect(signals.allSatisfy { $0 == .warmingUp })
        #expect(pageHinkley.isWarmingUp && cusum.isWarmingUp && cusum.baseline == nil)
    }

    @Test func stationaryAlternatingStreamNeverAlarms() {
        var pageHinkley = PageHinkleyDetector()
        var cusum = CUSUMDetector()
        #expect(!alternating.contains { pageHinkley.observe($0).isAlarm })
        #expect(!alternating.contains { cusum.observe($0).isAlarm })
        #expect(cusum.baseline?.mean == 100)
        #expect(pageHinkley.statistic < 10 && cusum.upperSum < 5)
    }

    @Test func cusumFollowsThePythonLoopAndFindsTheShifts() throws {
        var runs: [[ChangePointSignal]] = []
        for stream in try streams("cusum") {
            var detector = CUSUMDetector()
            var signals: [ChangePointSignal] = []
            for (index, value) in stream.values.enumerated() {
                signals.append(detector.observe(value))
                #expect(agrees(detector.upperSum, try #require(stream.upper)[index]), "\(stream.name) S⁺ @\(index)")
                #expect(agrees(detector.lowerSum, try #require(stream.lower)[index]), "\(stream.name) S⁻ @\(index)")
            }
            #expect(signals.map(name) == stream.signals, "\(stream.name)")
            runs.append(signals)
        }
        // +3σ from 150 (latency) and −2σ from 100 (error ratio): found within 5 observations.
        #expect(firstAlarm(runs[1]) == 152 && runs[1][152] == .alarm(.upward))
        #expect(firstAlarm(runs[2]) == 105 && runs[2][105] == .alarm(.downward))
    }

    @Test func pageHinkleyFollowsThePythonLoopAndFindsTheShift() throws {
        let vectors = try streams("page_hinkley")
        for stream in vectors {
            var detector = PageHinkleyDetector()
            var signals: [ChangePointSignal] = []
            for (index, value) in stream.values.enumerated() {
                signals.append(detector.observe(value))
                #expect(agrees(detector.statistic, try #require(stream.statistic)[index]), "\(stream.name) S @\(index)")
            }
            #expect(signals.map(name) == stream.signals, "\(stream.name)")
        }
        #expect(!vectors[0].signals.contains("upward"))
        #expect(vectors[1].signals.firstIndex(of: "upward") == 307)
    }

    @Test func anAlarmStartsANewWarmUpWithTheNextObservation() throws {
        var detector = CUSUMDetector(
            settings: .init(warmUpCount: 3),
            baseline: try #require(StreamBaseline(mean: 100, standardDeviation: 10))
        )
        let signals = [100.0, 200, 150, 150, 150, 150].map { detector.observe($0) }
        #expect(signals == [.inControl, .alarm(.upward), .warmingUp, .warmingUp, .warmingUp, .inControl])
        #expect(detector.baseline == StreamBaseline(mean: 150, standardDeviation: 0))
        #expect(detector.standardDeviation == 0.001)
    }

    @Test func resetForgetsTheBaselineAndTheStatistic() {
        var cusum = CUSUMDetector(settings: .init(warmUpCount: 4))
        var pageHinkley = PageHinkleyDetector(settings: .init(warmUpCount: 4))
        for value in [100.0, 104, 96, 100, 110] {
            cusum.observe(value)
            pageHinkley.observe(value)
        }
        #expect(cusum.upperSum > 0 && pageHinkley.statistic > 0)
        cusum.reset()
        pageHinkley.reset()
        #expect(cusum == CUSUMDetector(settings: .init(warmUpCount: 4)))
        #expect(pageHinkley == PageHinkleyDetector(settings: .init(warmUpCount: 4)))
        #expect(cusum.observe(140) == .warmingUp && pageHinkley.observe(140) == .warmingUp)
        #expect(pageHinkley.mean == 140)
    }

    @Test func modeUpIgnoresADrop() throws {
        let baseline = try #require(StreamBaseline(mean: 100, standardDeviation: 10))
        var up = CUSUMDetector(settings: .init(mode: .up), baseline: baseline)
        var both = CUSUMDetector(baseline: baseline)
        let drop = Array(repeating: 50.0, count: 5)
        #expect(!drop.contains { up.observe($0).isAlarm })
        #expect(drop.map { both.observe($0) }.contains(.alarm(.downward)))
    }

    @Test func nonFiniteAndOverflowingValuesLeaveTheDetectorUnchanged() throws {
        var cusum = CUSUMDetector(baseline: try #require(StreamBaseline(mean: -1e308, standardDeviation: 1)))
        var pageHinkley = PageHinkleyDetector()
        pageHinkley.observe(1)
        let (cusumBefore, pageHinkleyBefore) = (cusum, pageHinkley)
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(cusum.observe(value) == .ignored && pageHinkley.observe(value) == .ignored)
        }
        #expect(cusum.observe(1e308) == .ignored)
        #expect(cusum == cusumBefore && pageHinkley == pageHinkleyBefore)
        #expect(pageHinkley.observe(-.greatestFiniteMagnitude) == .warmingUp)
        #expect(pageHinkley.observe(.greatestFiniteMagnitude) == .ignored)
        #expect(pageHinkley.observationCount == 2)
        #expect(StreamBaseline(mean: .nan, standardDeviation: 1) == nil)
        #expect(StreamBaseline(mean: 1, standardDeviation: -1) == nil)
    }

    @Test func restoredDetectorsContinueIdentically() throws {
        let stream = try #require(try streams("cusum").dropFirst().first).values
        var cusum = CUSUMDetector()
        var pageHinkley = PageHinkleyDetector(settings: .init(warmUpCount: 10, threshold: 100))
        for value in stream[..<140] {
            cusum.observe(value)
            pageHinkley.observe(value)
        }
        var restoredCUSUM = try JSONDecoder().decode(CUSUMDetector.self, from: JSONEncoder().encode(cusum))
        var restoredPageHinkley = try JSONDecoder().decode(
            PageHinkleyDetector.self,
            from: JSONEncoder().encode(pageHinkley)
        )
        #expect(restoredCUSUM == cusum && restoredPageHinkley == pageHinkley)
        for value in stream[140...] {
            #expect(restoredCUSUM.observe(value) == cusum.observe(value))
            #expect(restoredPageHinkley.observe(value) == pageHinkley.observe(value))
            #expect(restoredCUSUM == cusum && restoredPageHinkley == pageHinkley)
        }
    }
}
