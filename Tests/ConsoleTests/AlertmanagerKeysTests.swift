import Analysis
import Fleet
import Terminal
import Testing

@testable import Console

/// `a`, `s` and `x` on what an Alertmanager holds: the prompts ask for what Alertmanager requires (a
/// comment; a duration for a silence), and the outcome is an action done in that Alertmanager, off
/// the UI thread, never a write of llmdeck's own acknowledgement or silence.
struct AlertmanagerKeysTests {
    static func alertmanagerAlert() -> AlertRecord {
        var alert = AlertsPaneTests.record(
            AlertRuleSpec.builtIn[0],
            on: "chat-prod",
            phase: .firing,
            severity: .critical,
            since: AlertsPaneTests.now - 60_000,
            value: 1,
            summary: "GPU node lost"
        )
        alert.origin = .alertmanager
        alert.source = "am"
        alert.ruleID = "NodeLost"
        alert.ruleName = "NodeLost"
        alert.fingerprint = "f00dcafe"
        alert.labels = ["alertname": "NodeLost", "deployment": "chat-prod"]
        return alert
    }

    @Test func aAsksWhyThenAcknowledgesInAlertmanager() {
        let alert = Self.alertmanagerAlert()
        var state = AlertsPaneTests.state(width: 160, height: 40, alerts: [alert])
        #expect(AlertsPaneTests.press([.character("a")], &state).isEmpty, "nothing is written before the comment")
        #expect(AlertsPaneTests.screen(state).contains("acknowledge NodeLost on chat-prod in Alertmanager am because:"))
        _ = AlertsPaneTests.press([.enter], &state)
        #expect(AlertsPaneTests.screen(state).contains("an acknowledgement needs a comment"))
        let effects = AlertsPaneTests.press(AlertsPaneTests.type("on it") + [.enter], &state)
        #expect(effects == [.alertAction(.acknowledgeInAlertmanager(alert, comment: "on it"))])
        #expect(AlertAction.acknowledgeInAlertmanager(alert, comment: "on it").isRemote)
    }

    @Test func sAsksHowLongAndWhyThenSilencesInAlertmanager() {
        let alert = Self.alertmanagerAlert()
        var state = AlertsPaneTests.state(width: 160, height: 40, alerts: [alert])
        _ = AlertsPaneTests.press([.character("s")], &state)
        #expect(AlertsPaneTests.screen(state).contains("silence NodeLost on chat-prod in Alertmanager am for:"))
        let effects = AlertsPaneTests.press(
            AlertsPaneTests.type("2h") + [.enter] + AlertsPaneTests.type("node replaced") + [.enter],
            &state
        )
        #expect(effects == [.alertAction(.silenceInAlertmanager(alert, duration: 7_200_000, comment: "node replaced"))])
    }

    @Test func llmdecksOwnAlertsKeepTheirStorePath() {
        var state = AlertsPaneTests.state(width: 160, height: 40)
        let own = state.snapshot?.alerts?.first
        let effects = AlertsPaneTests.press([.character("a")], &state)
        #expect(effects.count == 1)
        if case .alertAction(let action) = effects.first, let own {
            #expect(!action.isRemote)
            #expect(action == .acknowledge(own))
        } else {
            Issue.record("no store action: \(effects)")
        }
    }

    @Test func xOnASilenceInAlertmanagerExpiresItThere() {
        let silence = AlertSilence(
            id: "5d6f-silence",
            ruleID: "NodeLost",
            deployment: "chat-prod",
            createdBy: "alice",
            comment: "node replaced",
            startsAt: AlertsPaneTests.now - 1_000,
            endsAt: AlertsPaneTests.now + 3_600_000,
            alertmanager: "am"
        )
        var state = AlertsPaneTests.state(
            width: 160,
            height: 40,
            alerts: [Self.alertmanagerAlert()],
            silences: [silence]
        )
        _ = AlertsPaneTests.press(AlertsPaneTests.type(":silences") + [.enter], &state)
        let screen = AlertsPaneTests.screen(state)
        #expect(screen.contains("NodeLost on chat-prod"))
        #expect(screen.contains(" am "), "the IN column names the Alertmanager source")
        let effects = AlertsPaneTests.press([.character("x")], &state)
        #expect(effects == [.alertAction(.expire(silence))])
        #expect(AlertAction.expire(silence).isRemote)
    }

    @Test func withoutAnAlertmanagerSourceTheWriterSaysSo() async {
        let writer = AlertActionWriter(refusing: "the console runs with --read-only", actor: "alice")
        let message = await writer.performRemotely(
            .silenceInAlertmanager(Self.alertmanagerAlert(), duration: 60_000, comment: "x"),
            at: AlertsPaneTests.now
        )
        guard case .alertActionDone(let text, let isError) = message else {
            Issue.record("\(message)")
            return
        }
        #expect(text == "nothing done: the console runs with --read-only")
        #expect(isError)
    }
}
