import Analysis
import Foundation
import Testing

/// The alert state machine tick by tick: `for`, `keep_firing_for`, severities, no-data modes,
/// the request gate, acknowledgements, silences, and a restart in the middle.
struct AlertLifecycleTests {
    /// p95 latency: warning at 2 s, critical at 5 s, `for` 1m, `keep_firing_for` 2m.
    private let latency = AlertRuleSpec(
        id: "latency",
        name: "p95 latency",
        measure: .metric(.e2eLatency),
        aggregation: .quantile(0.95),
        window: 300,
        thresholds: AlertThresholds(warning: 2, critical: 5),
        holdDuration: 60,
        keepFiringFor: 120
    )

    /// An alert driven through ticks given in seconds, with every transition collected.
    private final class Run {
        var rule: AlertRuleSpec
        var state = AlertState(ruleID: "latency", deployment: "chat-prod")
        var transitions: [AlertTransition] = []

        init(_ rule: AlertRuleSpec) {
            self.rule = rule
        }

        /// The transitions of this one tick.
        @discardableResult
        func tick(_ second: Int64, _ observation: AlertObservation) -> [(AlertPhase, AlertPhase)] {
            let evaluation = state.evaluated(observation, at: second * 1000, rule: rule)
            state = evaluation.state
            transitions += evaluation.transitions
            return evaluation.transitions.map { ($0.from, $0.to) }
        }

        @discardableResult
        func tick(_ second: Int64, _ value: Double) -> [(AlertPhase, AlertPhase)] {
            tick(second, .value(value))
        }

        func acknowledge(by actor: String, at time: Int64) -> Bool {
            state.acknowledge(by: actor, at: time)
        }

        /// A run that started at 0 s and fired at 60 s at `value`.
        static func firing(_ rule: AlertRuleSpec, value: Double = 3) -> Run {
            let run = Run(rule)
            run.tick(0, value)
            run.tick(60, value)
            return run
        }
    }

    private func pairs(_ transitions: [AlertTransition]) -> [String] {
        transitions.map { "\($0.from.rawValue)→\($0.to.rawValue)" }
    }

    // MARK: - for

    @Test func conditionIsPendingUntilForHasPassedThenFires() throws {
        let run = Run(latency)
        #expect(run.tick(0, 3).map(\.1) == [.pending])
        #expect(run.state.severity == .warning && run.state.activeSince == 0)
        #expect(run.state.timeUntilFiring(at: 0, rule: latency) == 60_000)
        #expect(run.tick(45, 3.5).isEmpty)
        #expect(run.state.phase == .pending && run.state.value == 3.5)
        #expect(run.state.timeUntilFiring(at: 45_000, rule: latency) == 15_000)
        #expect(run.tick(60, 3).map(\.1) == [.firing])
        #expect(run.state.firingSince == 60_000 && run.state.timeUntilFiring(at: 60_000, rule: latency) == nil)
        let fired = try #require(run.transitions.last)
        #expect(
            fired
                == AlertTransition(
                    ruleID: "latency",
                    deployment: "chat-prod",
                    from: .pending,
                    to: .firing,
                    at: 60_000,
                    value: 3,
                    severity: .warning
                )
        )
        #expect(fired.isFiringNews)
    }

    @Test func forZeroFiresOnTheFirstEvaluation() {
        var rule = latency
        rule.holdDuration = 0
        let run = Run(rule)
        #expect(run.tick(0, 6).map(\.1) == [.firing])
        #expect(run.state.severity == .critical && run.state.firingSince == 0)
    }

    @Test func pendingThatClearsGoesInactiveWithoutFiring() {
        let run = Run(latency)
        run.tick(0, 3)
        #expect(run.tick(30, 1).map(\.1) == [.inactive])
        #expect(run.state.activeSince == nil && run.state.severity == nil && run.state.value == 1)
        #expect(run.tick(60, 3).map(\.1) == [.pending])
        #expect(run.state.activeSince == 60_000)
        #expect(pairs(run.transitions) == ["inactive→pending", "pending→inactive", "inactive→pending"])
        #expect(run.transitions[1].severity == .warning)
    }

    // MARK: - keep_firing_for

    @Test func firingKeepsFiringForKeepFiringForAfterTheConditionClears() {
        let run = Run.firing(latency)
        #expect(run.tick(75, 1).isEmpty)
        #expect(run.state.phase == .firing && run.state.keepFiringSince == 75_000 && run.state.value == 1)
        #expect(run.tick(180, 1).isEmpty)
        #expect(run.tick(195, 1).map(\.1) == [.resolved])
        #expect(run.state.resolvedAt == 195_000 && run.state.keepFiringSince == nil)
        #expect(run.state.severity == .warning)
        #expect(run.transitions.last?.isFiringNews == false)
    }

    @Test func flappingInsideKeepFiringForNeitherResolvesNorFiresAgain() {
        let run = Run.firing(latency)
        let before = run.transitions.count
        for second in stride(from: Int64(75), through: 585, by: 15) {
            run.tick(second, second % 30 == 0 ? 1 : 3)
        }
        #expect(run.transitions.count == before)
        #expect(run.state.phase == .firing && run.state.firingSince == 60_000)
        for second in stride(from: Int64(600), through: 720, by: 15) {
            run.tick(second, 1)
        }
        #expect(pairs(run.transitions) == ["inactive→pending", "pending→firing", "firing→resolved"])
        #expect(run.state.resolvedAt == 720_000)
    }

    @Test func withoutKeepFiringForEveryFlapResolvesAndFiresAgain() {
        var rule = latency
        rule.holdDuration = 0
        rule.keepFiringFor = 0
        let run = Run(rule)
        for (index, second) in stride(from: Int64(0), through: 45, by: 15).enumerated() {
            run.tick(second, index.isMultiple(of: 2) ? 3 : 1)
        }
        #expect(pairs(run.transitions) == ["inactive→firing", "firing→resolved", "resolved→firing", "firing→resolved"])
    }

    @Test func resolvedFiresAgainOrGoesInactiveAfterRetention() {
        let run = Run.firing(latency)
        run.tick(75, 1)
        run.tick(195, 1)
        #expect(run.tick(255, 3).map(\.1) == [.pending])
        #expect(run.state.activeSince == 255_000 && run.state.resolvedAt == nil && run.state.firingSince == nil)

        let quiet = Run.firing(latency)
        quiet.tick(75, 1)
        quiet.tick(195, 1)
        #expect(quiet.tick(195 + 899, 1).isEmpty)
        #expect(quiet.tick(195 + 900, 1).map(\.1) == [.inactive])
        #expect(quiet.state.severity == nil && quiet.state.activeSince == nil && quiet.state.resolvedAt == nil)
    }

    // MARK: - Severity

    @Test func severityFollowsTheThresholdsOnTheBadSide() {
        let above = AlertThresholds(warning: 2, critical: 5)
        #expect(above.severity(of: 1.99, baseline: nil) == nil)
        #expect(above.severity(of: 2, baseline: nil) == .warning)
        #expect(above.severity(of: 4.99, baseline: nil) == .warning)
        #expect(above.severity(of: 5, baseline: nil) == .critical)
        let below = AlertThresholds(warning: 0.9, critical: 0.5, direction: .below)
        #expect(below.severity(of: 0.95, baseline: nil) == nil)
        #expect(below.severity(of: 0.9, baseline: nil) == .warning)
        #expect(below.severity(of: 0.4, baseline: nil) == .critical)
        let criticalOnly = AlertThresholds(warning: nil, critical: 1)
        #expect(criticalOnly.severity(of: 1, baseline: nil) == .critical)
        #expect(criticalOnly.threshold(for: .warning) == 1 && criticalOnly.highestSeverity == .critical)
        #expect(AlertThresholds(warning: 0.1, critical: nil).highestSeverity == .warning)
    }

    @Test func baselineFactorMustAlsoBeReachedAndNeedsABaseline() {
        let thresholds = AlertThresholds(warning: 5, critical: 10, baselineFactor: 1.5)
        #expect(thresholds.severity(of: 12, baseline: 9) == nil)
        #expect(thresholds.severity(of: 13.5, baseline: 9) == .critical)
        #expect(thresholds.severity(of: 6, baseline: 2) == .warning)
        #expect(thresholds.severity(of: 30, baseline: nil) == nil)

        var rule = latency
        rule.thresholds.baselineFactor = 1.5
        let run = Run(rule)
        #expect(run.tick(0, .value(8, baseline: nil)).isEmpty)
        #expect(run.tick(15, .value(8, baseline: .infinity)).isEmpty)
        #expect(run.tick(30, .value(8, baseline: 4)).map(\.1) == [.pending])
    }

    @Test func aSeverityChangeWhileFiringIsAFiringTransition() {
        let run = Run.firing(latency)
        #expect(run.tick(75, 6).map { "\($0.0)→\($0.1)" } == ["firing→firing"])
        #expect(run.state.severity == .critical && run.transitions.last?.severity == .critical)
        #expect(run.transitions.last?.isFiringNews == true)
        #expect(run.tick(90, 6).isEmpty)
        #expect(run.tick(105, 3).count == 1 && run.state.severity == .warning)
        #expect(run.state.firingSince == 60_000)
    }

    @Test func severityWhilePendingChangesQuietlyAndFiresAtTheLatest() {
        let run = Run(latency)
        run.tick(0, 3)
        #expect(run.tick(30, 7).isEmpty && run.state.severity == .critical)
        run.tick(60, 7)
        #expect(run.transitions.last?.severity == .critical)
    }

    // MARK: - No data and the gate

    @Test func noDataOkCountsAsTheConditionClearing() {
        let run = Run.firing(latency)
        #expect(run.tick(75, .noData).isEmpty)
        #expect(run.state.phase == .firing && run.state.value == nil)
        #expect(run.tick(195, .noData).map(\.1) == [.resolved])
        #expect(run.transitions.last?.value == nil)

        let pending = Run(latency)
        pending.tick(0, 3)
        #expect(pending.tick(15, .noData).map(\.1) == [.inactive])
    }

    @Test func noDataAlertingHoldsAtTheHighestSeverity() {
        var rule = latency
        rule.noData = .alerting
        let run = Run(rule)
        #expect(run.tick(0, .noData).map(\.1) == [.pending])
        #expect(run.state.severity == .critical && run.state.value == nil)
        #expect(run.tick(60, .noData).map(\.1) == [.firing])
        #expect(run.tick(75, 3).map(\.1) == [.firing])
        #expect(run.state.severity == .warning && run.state.value == 3)
    }

    @Test func noDataKeepChangesNothingUntilDataReturns() {
        var rule = latency
        rule.noData = .keep
        let pending = Run(rule)
        pending.tick(0, 3)
        let held = pending.state
        for second in stride(from: Int64(15), through: 300, by: 15) {
            #expect(pending.tick(second, .noData).isEmpty)
        }
        #expect(pending.state.phase == .pending && pending.state.activeSince == held.activeSince)
        #expect(pending.state.value == 3 && pending.state.lastEvaluatedAt == 300_000)
        #expect(pending.tick(315, 3).map(\.1) == [.firing])

        let firing = Run.firing(rule)
        for second in stride(from: Int64(75), through: 900, by: 15) {
            firing.tick(second, .noData)
        }
        #expect(firing.state.phase == .firing && firing.state.keepFiringSince == nil)
        #expect(firing.transitions.count == 2)
    }

    @Test func nonFiniteValuesCountAsNoData() {
        let run = Run(latency)
        #expect(run.tick(0, .value(.nan)).isEmpty)
        #expect(run.tick(15, .value(.infinity)).isEmpty)
        #expect(run.state.phase == .inactive && run.state.value == nil)
        var rule = latency
        rule.noData = .alerting
        let alerting = Run(rule)
        #expect(alerting.tick(0, .value(.nan)).map(\.1) == [.pending])
    }

    @Test func belowTheRequestGateTheConditionIsNotMetEvenWhenNoDataAlerts() {
        var rule = latency
        rule.noData = .alerting
        rule.minimumRequests = 20
        let quiet = Run(rule)
        #expect(quiet.tick(0, .belowGate).isEmpty)
        #expect(quiet.state.phase == .inactive)

        let run = Run.firing(rule)
        #expect(run.tick(75, .belowGate).isEmpty)
        #expect(run.tick(195, .belowGate).map(\.1) == [.resolved])
    }

    // MARK: - Acknowledgement and silences

    @Test func anAcknowledgementLastsUntilTheAlertResolves() {
        let run = Run(latency)
        #expect(!run.acknowledge(by: "ana", at: 0))
        run.tick(0, 3)
        #expect(run.acknowledge(by: "ana", at: 5_000))
        #expect(run.state.acknowledgement == AlertAcknowledgement(actor: "ana", at: 5_000))
        run.tick(15, 1)
        #expect(run.state.acknowledgement == nil)

        let firing = Run.firing(latency)
        #expect(firing.acknowledge(by: "bo", at: 61_000))
        firing.tick(75, 1)
        firing.tick(90, 3)
        firing.tick(105, 1)
        #expect(firing.state.acknowledgement?.actor == "bo")
        firing.tick(225, 1)
        #expect(firing.state.phase == .resolved && firing.state.acknowledgement == nil)
        #expect(!firing.acknowledge(by: "bo", at: 226_000))
        firing.tick(240, 3)
        #expect(firing.state.phase == .pending && firing.state.acknowledgement == nil)
    }

    @Test func aSilenceIsPendingThenActiveThenExpired() {
        var silence = AlertSilence(
            id: "s1",
            ruleID: "latency",
            deployment: nil,
            createdBy: "ana",
            comment: "load test",
            startsAt: 1_000,
            endsAt: 61_000
        )
        #expect(silence.status(at: 999) == .pending)
        #expect(silence.status(at: 1_000) == .active)
        #expect(silence.status(at: 60_999) == .active)
        #expect(silence.status(at: 61_000) == .expired)
        silence.expire(at: 30_000)
        #expect(silence.endsAt == 30_000 && silence.status(at: 30_000) == .expired)
        silence.expire(at: 50_000)
        #expect(silence.endsAt == 30_000)

        var early = AlertSilence(
            id: "s2",
            ruleID: nil,
            deployment: "chat-prod",
            createdBy: "ana",
            comment: "later",
            startsAt: 10_000,
            endsAt: 20_000
        )
        early.expire(at: 5_000)
        #expect(early.startsAt == 5_000 && early.endsAt == 5_000 && early.status(at: 5_000) == .expired)
    }

    @Test func silencesMatchByRuleAndDeploymentAndNeverWithoutAMatcher() {
        func silence(_ rule: String?, _ deployment: String?, endsAt: Int64 = 100_000) -> AlertSilence {
            AlertSilence(
                id: "\(rule ?? "*")/\(deployment ?? "*")/\(endsAt)",
                ruleID: rule,
                deployment: deployment,
                createdBy: "ana",
                comment: "c",
                startsAt: 0,
                endsAt: endsAt
            )
        }
        #expect(silence("latency", nil).matches(ruleID: "latency", deployment: "any"))
        #expect(!silence("latency", nil).matches(ruleID: "error_ratio", deployment: "any"))
        #expect(silence(nil, "chat-prod").matches(ruleID: "error_ratio", deployment: "chat-prod"))
        #expect(silence("latency", "chat-prod").matches(ruleID: "latency", deployment: "chat-prod"))
        #expect(!silence("latency", "chat-prod").matches(ruleID: "latency", deployment: "chat-canary"))
        #expect(!silence(nil, nil).matches(ruleID: "latency", deployment: "chat-prod"))

        let state = AlertState(ruleID: "latency", deployment: "chat-prod")
        let silences = [silence("latency", nil, endsAt: 50_000), silence(nil, "chat-prod"), silence("other", nil)]
        #expect(state.silence(among: silences, at: 10_000)?.endsAt == 100_000)
        #expect(state.isSilenced(at: 99_999, by: silences))
        #expect(!state.isSilenced(at: 100_000, by: silences))
        #expect(!state.isSilenced(at: 10_000, by: [silence("other", nil)]))
    }

    // MARK: - Restart

    @Test func aStateReadBackFromJSONContinuesExactlyAsTheOriginal() throws {
        let ticks: [(Int64, AlertObservation)] = [
            (0, .value(3)), (30, .value(6)), (60, .value(6)), (75, .noData), (90, .value(2.5)), (105, .value(1)),
            (120, .belowGate), (240, .value(1)), (300, .value(9)), (360, .value(9)),
        ]
        let straight = Run(latency)
        let restarted = Run(latency)
        for (index, (second, observation)) in ticks.enumerated() {
            straight.tick(second, observation)
            restarted.tick(second, observation)
            if second == 60 {
                #expect(straight.acknowledge(by: "ana", at: 61_000))
                #expect(restarted.acknowledge(by: "ana", at: 61_000))
            }
            if index.isMultiple(of: 3) {
                let data = try JSONEncoder().encode(restarted.state)
                restarted.state = try JSONDecoder().decode(AlertState.self, from: data)
            }
            #expect(restarted.state == straight.state, "after \(second) s")
        }
        #expect(restarted.transitions == straight.transitions)
        #expect(
            pairs(straight.transitions) == [
                "inactive→pending", "pending→firing", "firing→firing", "firing→resolved", "resolved→pending",
                "pending→firing",
            ]
        )
        let transitionData = try JSONEncoder().encode(straight.transitions)
        #expect(try JSONDecoder().decode([AlertTransition].self, from: transitionData) == straight.transitions)
    }

    @Test func silencesReadBackFromJSON() throws {
        let silence = AlertSilence(
            id: "s1",
            ruleID: nil,
            deployment: "chat-prod",
            createdBy: "ana",
            comment: "deploying",
            startsAt: 1,
            endsAt: 2
        )
        let data = try JSONEncoder().encode([silence])
        #expect(try JSONDecoder().decode([AlertSilence].self, from: data) == [silence])
    }
}
