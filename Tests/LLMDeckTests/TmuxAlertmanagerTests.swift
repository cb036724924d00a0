import Foundation
import HTTP
import PrometheusTestSupport
import TestSupport
import Testing

/// The console on a store that `llmdeck collect` fills from an Alertmanager, in tmux: the Alerts pane
/// shows Prometheus' alert with its source, `s` silences it in that Alertmanager (which then reports
/// it suppressed), `:silences` lists the silence there and `x` expires it (active again). All real
/// processes: the simulator, Prometheus, Alertmanager, the collector and the console.
@Suite(.serialized)
struct TmuxAlertmanagerTests {
    @Test(
        .enabled(if: TmuxSession.isAvailable, "tmux is not installed"),
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus"),
        .enabled(if: AlertmanagerProcess.isInstalled, "needs /usr/bin/prometheus-alertmanager"),
        .timeLimit(.minutes(5))
    )
    func sSilencesAnAlertmanagerAlertThereAndXExpiresIt() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (fleet, prometheus, alertmanager, _) = try await AlertmanagerEndToEndTests.startStack(in: directory)
        defer { fleet.stop() }
        let client = HTTPClient()
        let binary = TestPaths.llmdeckBinary.path
        let session = try TmuxSession(
            command:
                "'\(binary)' --config '\(fleet.config)' --db '\(fleet.store)' --actor oncall-ana --refresh 0.5; "
                + "echo LLMDECK-EXIT=$?; sleep 60",
            width: 160,
            height: 40
        )
        do {
            try await silenceInTheConsole(session, fleet, alertmanager.url, client)
        } catch {
            Issue.record("screen:\n\(session.capture())")
            Issue.record("collector said:\n\(fleet.collector.output.suffix(2000))")
            session.kill()
            await prometheus.stop()
            await alertmanager.stop()
            client.shutdown()
            throw error
        }
        session.kill()
        await prometheus.stop()
        await alertmanager.stop()
        client.shutdown()
    }

    func silenceInTheConsole(
        _ session: TmuxSession,
        _ fleet: CollectedFleet,
        _ alertmanagerURL: String,
        _ client: HTTPClient
    ) async throws {
        // The alert, read from Alertmanager by the collector, with its source in the detail.
        session.send("5")
        let listed = await session.waitFor(attempts: 600) { $0.contains("DeploymentScraped") }
        try #require(listed.matched, "no Alertmanager alert in the pane:\n\(listed.screen)")
        let alerts = try await AlertmanagerEndToEndTests.alerts(fleet).alerts
        // The pane's first row is the reader's first alert.
        let selected = try #require(alerts.first { $0["rule"] as? String == "DeploymentScraped" })
        let fingerprint = try #require(selected["id"] as? String)

        session.send("s")
        let asked = await session.waitFor { $0.contains("in Alertmanager am-e2e for:") }
        try #require(asked.matched, "no silence prompt:\n\(asked.screen)")
        session.send("1h", literal: true)
        session.send("Enter")
        session.send("rack maintenance", literal: true)
        session.send("Enter")
        let done = await session.waitFor(attempts: 300) { $0.contains("Alertmanager silence") }
        try #require(done.matched, "the silence was not confirmed:\n\(done.screen)")

        // Alertmanager reports the alert muted by that silence.
        var states: [String: (String, [String])] = [:]
        let muted = await waitUntilAsync(attempts: 300) {
            states = try await AlertmanagerEndToEndTests.alertmanagerStates(alertmanagerURL, client)
            return states[fingerprint]?.0 == "suppressed"
        }
        #expect(muted, "\(states)")
        let silenceID = try #require(states[fingerprint]?.1.first)

        // :silences lists it where it is; x expires it there.
        session.send(":silences", literal: true)
        session.send("Enter")
        let shown = await session.waitFor(attempts: 300) {
            $0.contains("am-e2e") && $0.contains("rack maintenance")
        }
        try #require(shown.matched, "the silence is not listed:\n\(shown.screen)")
        session.send("x")
        let expired = await session.waitFor(attempts: 300) { $0.contains("expired") }
        #expect(expired.matched, "\(expired.screen)")
        let unmuted = await waitUntilAsync(attempts: 300) {
            states = try await AlertmanagerEndToEndTests.alertmanagerStates(alertmanagerURL, client)
            return states[fingerprint]?.0 == "active"
        }
        #expect(unmuted, "\(states)")
        #expect(!(states[fingerprint]?.1.contains(silenceID) ?? true))
        let audit = try await fleet.llmdeck(["audit", "--json"])
        #expect(audit.standardOutput.contains("oncall-ana"), "the console's actions are audited as its actor")
    }
}
