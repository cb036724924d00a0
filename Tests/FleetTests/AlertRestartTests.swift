import Analysis
import Config
import Fleet
import Store
import StoreTestSupport
import Testing

/// A restarted llmdeck carries on: a new evaluator on the same store resumes the alerts it finds
/// (no second "firing" event, the same `since`), keeps their acknowledgement, and resolves them
/// when the condition clears.
struct AlertRestartTests {
    /// Fires at once on every deployment whose raw `vllm:num_requests_running` gauge has a
    /// value in the last 5 minutes at or above 0 (all of them here).
    private static let alwaysFiring = AlertRuleSpec(
        id: "running",
        name: "Requests running",
        measure: .series("vllm:num_requests_running"),
        aggregation: .value,
        window: 300,
        thresholds: AlertThresholds(warning: nil, critical: 0),
        holdDuration: 0,
        keepFiringFor: 0
    )

    @Test func aNewEvaluatorResumesTheSavedAlertsAndTheirAcknowledgement() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let span = try FleetStatusTests.fill(store, seed: 11)
        let config = AlertsConfig(rules: [Self.alwaysFiring])
        let first = AlertEvaluator(store: store, config: config)
        let fired = try #require(try first.evaluate(now: span.end))
        #expect(!fired.isEmpty && fired.allSatisfy { $0.to == .firing }, "\(fired)")
        let reader = AlertReader(store: store, rules: config.rules)
        let before = try reader.alerts(now: span.end)
        let alert = try #require(before.first)
        try AlertLedger(store: store).acknowledge(alert, actor: "ana", at: span.end + 1_000)

        // The process restarts: a new evaluator, the same store.
        let second = AlertEvaluator(store: store, config: config)
        let resumed = try #require(try second.evaluate(now: span.end + 15_000))
        #expect(resumed.isEmpty, "still firing: no transition, no second firing event")
        let after = try reader.alerts(now: span.end + 15_000)
        #expect(after.map(\.id) == before.map(\.id))
        #expect(after.map(\.since) == before.map(\.since), "firing since the first evaluator saw it")
        #expect(after.first { $0.id == alert.id }?.acknowledgedBy == "ana")
        let events = try store.read { try $0.events(kinds: ["alert"], from: 0) }
        #expect(events.count == fired.count, "one event per transition, none added by the restart")

        // An hour later the gauge has no value in the window: no data resolves (no_data: ok).
        let resolved = try #require(try second.evaluate(now: span.end + 3_600_000))
        #expect(!resolved.isEmpty && resolved.allSatisfy { $0.to == .resolved }, "\(resolved)")
        #expect(try reader.alerts(now: span.end + 3_600_000).allSatisfy { $0.acknowledgedBy == nil })
    }
}
