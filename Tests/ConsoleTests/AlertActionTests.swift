import AlertTestSupport
import Analysis
import Fleet
import Store
import StoreTestSupport
import Terminal
import TestSupport
import Testing

@testable import Console

/// `a`, `s` and `x` from the keyboard to the store and back: the reducer asks, the writer writes
/// through `AlertLedger` into a real temporary store, the next read shows it.
struct AlertActionTests {
    static let now = ConsoleFixtures.now

    /// A store with a critical p95 alert firing on chat-prod, a pending TTFT alert on chat-prod and
    /// a resolved KV-cache alert on chat-canary.
    struct AlertStore {
        let temporary: TemporaryStore
        let store: Store
        let reader: SnapshotReader
        let writer: AlertActionWriter

        init(actor: String = "alice") throws {
            temporary = try TemporaryStore()
            store = try temporary.open()
            let now = AlertActionTests.now
            try AlertFixtures.save(
                [
                    (AlertFixtures.firing(.latencyP95, on: "chat-prod", value: 12, since: now - 180_000), nil),
                    (AlertFixtures.pending(.ttftP95, on: "chat-prod", value: 1.5, since: now - 20_000), nil),
                    (
                        AlertFixtures.resolved(
                            .kvCacheFull,
                            on: "chat-canary",
                            value: 0.97,
                            since: now - 900_000,
                            resolvedAt: now - 60_000
                        ), nil
                    ),
                ],
                in: store,
                at: now
            )
            reader = SnapshotReader(store: store) { now }
            writer = AlertActionWriter(ledger: AlertLedger(store: store), rules: AlertRuleSpec.builtIn, actor: actor)
        }

        /// What the console reads for `state` now.
        func read(into state: inout AppState) {
            _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(ConsoleRegistry.standard.readRequest(for: state))))
        }

        /// Does every alert action among `effects` as the run loop does, and reads again.
        func perform(_ effects: [ConsoleEffect], in state: inout AppState) {
            for case .alertAction(let action) in effects {
                _ = ConsoleReducer.reduce(&state, writer.perform(action, at: AlertActionTests.now))
            }
            read(into: &state)
        }

        func remove() { temporary.remove() }
    }

    static func alertsPane(_ fixture: AlertStore) -> AppState {
        var state = AppState(width: 120, height: 40, now: now)
        _ = ConsoleReducer.reduce(&state, .key(.character("5")))
        fixture.read(into: &state)
        return state
    }

    @Test func theReaderCountsAlertsOnEveryReadAndListsThemForTheAlertsPane() throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        let fleet = fixture.reader.read(ReadRequest())
        #expect(fleet.alerts == nil)
        #expect(fleet.silences == nil)
        #expect(fleet.alertCounts?.firingCritical == 1)
        #expect(fleet.alertCounts?.pending == 1)
        #expect(fleet.alertCounts?.byDeployment == ["chat-prod": .critical])
        #expect(fleet.criticalFiring == ["latency_p95/chat-prod"])
        let listed = fixture.reader.read(ReadRequest(alerts: true))
        #expect(
            listed.alerts?.map(\.id) == ["latency_p95/chat-prod", "ttft_p95/chat-prod", "kv_cache_full/chat-canary"]
        )
        #expect(listed.alerts?[1].firesIn == 40_000)
        #expect(listed.silences == [])
    }

    @Test func aAcknowledgesTheSelectedAlertAndTheMarkShows() throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        var state = Self.alertsPane(fixture)
        let effects = AlertsPaneTests.press([.character("a")], &state)
        let alert = try #require(state.snapshot?.alerts?.first)
        #expect(effects == [.alertAction(.acknowledge(alert))])
        fixture.perform(effects, in: &state)
        #expect(state.flash?.text == "acknowledged p95 latency on chat-prod as alice")
        #expect(state.flash?.isError == false)
        #expect(state.snapshot?.alerts?.first?.acknowledgedBy == "alice")
        #expect(AlertsPaneTests.screen(state).contains("ack alice"))
        let stored = try fixture.store.read { view in try view.events(kinds: ["ack"], from: 0) }
        #expect(stored.map(\.detail) == ["latency_p95 by alice"])
    }

    @Test func aOnAResolvedAlertIsRefusedWithoutWriting() throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        var state = Self.alertsPane(fixture)
        let effects = AlertsPaneTests.press(
            [.character("G"), .character("j"), .character("j"), .character("a")],
            &state
        )
        #expect(state.selectedAlert == "kv_cache_full/chat-canary")
        #expect(effects.isEmpty)
        #expect(state.flash?.text.contains("is resolved: only a firing or pending alert is acknowledged") == true)
    }

    @Test func aInTheFleetAcknowledgesEveryOpenAlertOfTheDeployment() throws {
        let fixture = try AlertStore(actor: "bob")
        defer { fixture.remove() }
        var state = AppState(width: 120, height: 40, now: Self.now)
        var snapshot = fixture.reader.read(ReadRequest())
        snapshot.deployments = [ConsoleFixtures.deployment("chat-canary"), ConsoleFixtures.deployment("chat-prod")]
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        #expect(AlertsPaneTests.press([.character("a")], &state).isEmpty)
        #expect(state.flash?.text == "no open alerts on chat-canary")
        let effects = AlertsPaneTests.press([.character("j"), .character("a")], &state)
        #expect(effects == [.alertAction(.acknowledgeAll(deployment: "chat-prod"))])
        fixture.perform(effects, in: &state)
        #expect(state.flash?.text == "acknowledged 2 alerts on chat-prod as bob: latency_p95, ttft_p95")
        let alerts = try AlertReader(store: fixture.store).alerts(now: Self.now)
        #expect(alerts.filter(\.isOpen).allSatisfy { $0.acknowledgedBy == "bob" })
        fixture.perform([.alertAction(.acknowledgeAll(deployment: "chat-prod"))], in: &state)
        #expect(state.flash?.text == "the open alerts on chat-prod are acknowledged already (bob)")
    }

    @Test func sAsksHowLongAndWhyThenSilencesAndXExpires() throws {
        let fixture = try AlertStore()
        defer { fixture.remove() }
        var state = Self.alertsPane(fixture)
        #expect(AlertsPaneTests.press([.character("s")], &state).isEmpty)
        guard case .silence(let opened) = state.mode else {
            Issue.record("s opens the silence prompt")
            return
        }
        #expect(opened.ruleID == "latency_p95" && opened.deployment == "chat-prod")
        _ = AlertsPaneTests.press([.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("pick a duration with Tab (15m, 1h, 4h, 1d)"))
        _ = AlertsPaneTests.press([.tab, .tab], &state)
        #expect(AlertsPaneTests.screen(state).contains("silence latency_p95 on chat-prod for: 1h"))
        _ = AlertsPaneTests.press([.backTab, .backTab], &state)
        #expect(AlertsPaneTests.screen(state).contains("for: 1d"))
        _ = AlertsPaneTests.press([.control("u")] + AlertsPaneTests.type("90x") + [.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("90x is not a duration"))
        _ = AlertsPaneTests.press([.control("u")] + AlertsPaneTests.type("31d") + [.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("at most 30 days"))
        _ = AlertsPaneTests.press([.control("u")] + AlertsPaneTests.type("90m") + [.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("silence latency_p95 on chat-prod for 1h30m because:"))
        _ = AlertsPaneTests.press([.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("a silence needs a comment"))
        let effects = AlertsPaneTests.press(AlertsPaneTests.type("rolling back") + [.enter], &state)
        #expect(state.mode == .normal)
        #expect(
            effects == [
                .alertAction(
                    .silence(
                        ruleID: "latency_p95",
                        deployment: "chat-prod",
                        duration: 5_400_000,
                        comment: "rolling back"
                    )
                )
            ]
        )
        fixture.perform(effects, in: &state)
        #expect(state.flash?.text == "silenced latency_p95 on chat-prod until 01:30Z as alice")
        #expect(state.snapshot?.alerts?.first?.silence?.createdBy == "alice")
        #expect(state.snapshot?.criticalFiring == [], "a silenced alert keeps the bell quiet")
        #expect(AlertsPaneTests.screen(state).contains("silenced until 01:30Z"))

        _ = AlertsPaneTests.press([.character(":")] + AlertsPaneTests.type("silences") + [.enter], &state)
        let listed = AlertsPaneTests.screen(state)
        #expect(listed.contains("latency_p95 on chat-prod"))
        #expect(listed.contains("alice"))
        #expect(listed.contains("rolling back"))
        let expiry = AlertsPaneTests.press([.character("x")], &state)
        fixture.perform(expiry, in: &state)
        #expect(state.flash?.text == "expired the silence of latency_p95 on chat-prod (set by alice)")
        #expect(state.snapshot?.silences == [])
        #expect(AlertsPaneTests.screen(state).contains("no silences"))
    }

    @Test func escapeCancelsThePromptAtEitherStep() throws {
        var state = AlertsPaneTests.state(width: 120, height: 40)
        _ = AlertsPaneTests.press([.character("s"), .escape], &state)
        #expect(state.mode == .normal)
        #expect(state.flash?.text == "silence cancelled")
        let effects = AlertsPaneTests.press(
            [.character("s"), .tab, .enter] + AlertsPaneTests.type("x") + [.escape],
            &state
        )
        #expect(effects.isEmpty)
        #expect(state.mode == .normal)
    }

    /// The real run loop: a critical alert that starts firing rings the bell once, `a` writes
    /// the acknowledgement and the next frame shows it.
    @Test func runLoopRingsForANewCriticalAlertAndShowsTheAcknowledgement() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        // The run loop's own clock: the countdown counts from it.
        let now = ConsoleApp.now()
        let pending = AlertFixtures.pending(.ttftP95, on: "chat-prod", value: 1.5, since: now - 20_000)
        try AlertFixtures.save([(pending, nil)], in: store, at: now)
        let firing = AlertFixtures.firing(.latencyP95, on: "chat-prod", value: 12, since: now - 1_000)
        var written = false
        let screen = ConsoleAppTests.ScriptedScreen(
            width: 120,
            height: 40,
            steps: [
                (
                    { frame in
                        guard frame.contains("fires in"), !written else { return false }
                        written = (try? AlertFixtures.save([(firing, nil)], in: store, at: now)) != nil
                        return written
                    },
                    []
                ),
                ({ $0.contains("crit chat-prod") }, [.character("a")]),
                ({ $0.contains("ack tester") }, [.character("q")]),
            ]
        )
        let app = ConsoleApp(
            options: ConsoleOptions(refreshInterval: 0.25, source: "test", initialPane: .alerts, ringsBell: true),
            catalog: ThemeCatalog(directories: []),
            reader: SnapshotReader(store: store) { now },
            alertWriter: AlertActionWriter(
                ledger: AlertLedger(store: store),
                rules: AlertRuleSpec.builtIn,
                actor: "tester"
            )
        )
        try await onOwnThread { try app.run(on: screen) }
        #expect(screen.bells == 1)
        #expect(screen.frames.contains { $0.contains("acknowledged p95 latency on chat-prod as tester") })
        let alerts = try AlertReader(store: store).alerts(now: now)
        #expect(alerts.first { $0.ruleID == "latency_p95" }?.acknowledgedBy == "tester")
    }

    @Test func aWriterWithoutAStoreSaysWhyNothingWasWritten() {
        let writer = AlertActionWriter(refusing: "the store is read-only here", actor: "alice")
        let message = writer.perform(.acknowledgeAll(deployment: "chat-prod"), at: Self.now)
        guard case .alertActionDone(let text, let isError) = message else {
            Issue.record("an alert action answers with alertActionDone")
            return
        }
        #expect(isError)
        #expect(text == "nothing written: the store is read-only here")
    }
}
