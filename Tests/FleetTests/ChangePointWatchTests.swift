import Analysis
import Foundation
import Store
import Testing

@testable import Fleet

/// Change points per deployment, one observation a minute: a latency that triples after a
/// steady half hour is found and sized; a deploy learns the baseline again; noise is not a shift.
struct ChangePointWatchTests {
    private static let minute: Int64 = 60_000

    private func status(p95: Double, errors: Double) -> DeploymentStatus {
        DeploymentStatus(
            name: "chat",
            kind: "vllm",
            environment: "production",
            requestsPerSecond: 5,
            errorRatio: errors,
            latencySeconds: LatencyQuantiles(p95: p95)
        )
    }

    /// A steady stream with a little deterministic jitter (±5 %).
    private func jitter(_ minute: Int) -> Double { 1 + 0.05 * sin(Double(minute) * 1.7) }

    @Test func aTripledLatencyAfterASteadyHalfHourIsAShiftOfAboutThreeTimes() {
        var watch = ChangePointWatch()
        let version = VersionRecord(target: "chat", ts: 0, model: "m", version: "v1")
        for minute in 0..<30 {
            watch.feed(
                ["chat": status(p95: 2 * jitter(minute), errors: 0.01)],
                versions: ["chat": version],
                now: Int64(minute) * Self.minute
            )
            // The 30th minute completes the warm-up.
            let expected: AlertObservation = minute < 29 ? .belowGate : .value(1)
            #expect(watch.observation(.latencyShift, of: "chat", now: Int64(minute) * Self.minute) == expected)
        }
        // Steady after warm-up: no shift (1 ×), the error ratio's no shift is +0.
        for minute in 30..<60 {
            watch.feed(
                ["chat": status(p95: 2 * jitter(minute), errors: 0.01)],
                versions: ["chat": version],
                now: Int64(minute) * Self.minute
            )
        }
        #expect(watch.observation(.latencyShift, of: "chat", now: 59 * Self.minute) == .value(1))
        #expect(watch.observation(.errorShift, of: "chat", now: 59 * Self.minute) == .value(0))
        var found: Int?
        for minute in 60..<70 {
            watch.feed(
                ["chat": status(p95: 6, errors: 0.01)],
                versions: ["chat": version],
                now: Int64(minute) * Self.minute
            )
            let observed = watch.observation(.latencyShift, of: "chat", now: Int64(minute) * Self.minute)
            if found == nil, case .value(let ratio, _) = observed, ratio > 1 {
                found = minute
                #expect(abs(ratio - 3) < 0.2, "6 s against a baseline mean of about 2 s: \(ratio)")
            }
        }
        #expect(found == 60, "the first slow minute already passes 5 σ of a ±5 % stream")
        // The shift keeps its size for 15 minutes; then the detector, learning the new level
        // after its alarm, is below the gate and the alert resolves.
        if case .value(let ratio, _) = watch.observation(.latencyShift, of: "chat", now: 74 * Self.minute) {
            #expect(ratio > 2.8)
        } else {
            Issue.record("the shift was forgotten within 15 minutes")
        }
        #expect(watch.observation(.latencyShift, of: "chat", now: 76 * Self.minute) == .belowGate)
    }

    @Test func aDeployLearnsTheBaselineAgain() {
        var watch = ChangePointWatch()
        let first = VersionRecord(target: "chat", ts: 0, model: "m", version: "v1")
        for minute in 0..<40 {
            watch.feed(
                ["chat": status(p95: 2 * jitter(minute), errors: 0.01)],
                versions: ["chat": first],
                now: Int64(minute) * Self.minute
            )
        }
        #expect(watch.observation(.latencyShift, of: "chat", now: 39 * Self.minute) == .value(1))
        let second = VersionRecord(target: "chat", ts: 40 * Self.minute, model: "m", version: "v2")
        // Slower, but a new version: its own normal, learnt from scratch, not a shift.
        for minute in 40..<80 {
            watch.feed(
                ["chat": status(p95: 6 * jitter(minute), errors: 0.01)],
                versions: ["chat": second],
                now: Int64(minute) * Self.minute
            )
            if minute < 69 {
                #expect(watch.observation(.latencyShift, of: "chat", now: Int64(minute) * Self.minute) == .belowGate)
            }
        }
        #expect(watch.observation(.latencyShift, of: "chat", now: 79 * Self.minute) == .value(1))
    }
}
