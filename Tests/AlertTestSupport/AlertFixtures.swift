import Analysis
import Fleet
import Foundation
import Store

/// Alert states as the collecting process's evaluator leaves them in the store, for the tests of
/// what reads them (the Alerts pane, the Fleet marks, `llmdeck alerts`): each state is brought to
/// its phase by the real state machine (`AlertState.evaluated`) and saved as a `StoredAlert` row
/// whose payload is the evaluator's (`AlertSnapshot`: `{"state": …, "drift": …}`).
public enum AlertFixtures {
    /// `rule`'s alert on `deployment`, firing since `since` (milliseconds) at `value`.
    public static func firing(_ rule: AlertRuleSpec, on deployment: String, value: Double, since: Int64) -> AlertState {
        let hold = milliseconds(rule.holdDuration)
        var state = AlertState(ruleID: rule.id, deployment: deployment)
        state = state.evaluated(breach(value, rule), at: since - hold, rule: rule).state
        if hold > 0 { state = state.evaluated(breach(value, rule), at: since, rule: rule).state }
        return state
    }

    /// `rule`'s alert on `deployment`, pending since `since`; `rule` must have a `for`.
    public static func pending(_ rule: AlertRuleSpec, on deployment: String, value: Double, since: Int64) -> AlertState
    {
        AlertState(ruleID: rule.id, deployment: deployment).evaluated(breach(value, rule), at: since, rule: rule).state
    }

    /// `rule`'s alert on `deployment` that fired at `value` from `since` and resolved at `resolvedAt`.
    public static func resolved(
        _ rule: AlertRuleSpec,
        on deployment: String,
        value: Double,
        since: Int64,
        resolvedAt: Int64
    ) -> AlertState {
        let calm = AlertObservation.value(rule.thresholds.direction == .above ? 0 : .greatestFiniteMagnitude)
        let keep = milliseconds(rule.keepFiringFor)
        var state = firing(rule, on: deployment, value: value, since: since)
        state = state.evaluated(calm, at: resolvedAt - keep, rule: rule).state
        if keep > 0 { state = state.evaluated(calm, at: resolvedAt, rule: rule).state }
        return state
    }

    /// A drift comparison of prompt lengths over six token buckets: the current window is longer,
    /// and its two longest buckets were empty in the baseline (new ranges).
    public static func promptDrift(now: Int64) throws -> DriftDetail {
        let report = try DriftAssessment(
            upperBounds: [128, 256, 512, 1024, 2048, .infinity],
            baseline: [400, 350, 200, 50, 0, 0],
            current: [100, 200, 300, 250, 100, 50],
            policy: DriftPolicy(minimumCountPerWindow: 200)
        ).report
        guard let report else { throw FixtureError("the drift fixture has too few observations") }
        return DriftDetail(
            feature: "prompt_tokens",
            report: report,
            baselineWindow: (now - 2 * 900_000)...(now - 900_000),
            currentWindow: (now - 900_000)...now
        )
    }

    /// Saves `alerts` (each with its drift comparison, if any) as the evaluator would at `time`.
    public static func save(
        _ alerts: [(state: AlertState, drift: DriftDetail?)],
        in store: Store,
        at time: Int64
    ) throws {
        let encoder = JSONEncoder()
        let rows = try alerts.map { alert in
            StoredAlert(
                ruleID: alert.state.ruleID,
                deployment: alert.state.deployment,
                phase: alert.state.phase.rawValue,
                updatedAt: time,
                state: try encoder.encode(Payload(state: alert.state, drift: alert.drift))
            )
        }
        try store.saveAlerts(rows, events: [])
    }

    /// The evaluator's payload (`AlertSnapshot`, internal to Fleet), field for field.
    private struct Payload: Encodable {
        var state: AlertState
        var drift: DriftDetail?
    }

    /// A value that meets `rule`'s condition, with a baseline low enough for a rule that compares
    /// against one.
    private static func breach(_ value: Double, _ rule: AlertRuleSpec) -> AlertObservation {
        .value(value, baseline: rule.thresholds.baselineFactor.map { value / $0 / 2 })
    }

    private static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }
}

/// A fixture that cannot be built.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
