import Foundation
import HTTP
import TestSupport
import Testing

@testable import PrometheusSource

/// The client against a real Alertmanager (`/usr/bin/prometheus-alertmanager`, the Debian package) on a
/// loopback port: alerts posted come back, a silence mutes them, expiring it unmutes them.
struct AlertmanagerIntegrationTests {
    /// Polls `read` every 200 ms (bounded, about 30 s) until `condition` holds of what it returns.
    func eventually<T: Sendable>(
        read: () async throws -> T,
        until condition: (T) -> Bool
    ) async throws -> T {
        var last = try await read()
        for _ in 0..<150 where !condition(last) {
            try await Task.sleep(for: .milliseconds(200))
            last = try await read()
        }
        return last
    }

    @Test(
        .enabled(if: AlertmanagerProcess.isInstalled, "needs /usr/bin/prometheus-alertmanager"),
        .timeLimit(.minutes(3))
    )
    func aSilenceMadeThroughTheClientMutesTheAlertUntilExpired() async throws {
        let alertmanager = try await AlertmanagerProcess.start()
        let client = HTTPClient()
        do {
            try await silenceRoundTrip(AlertmanagerAPI(url: alertmanager.url, client: client, timeout: 5))
        } catch {
            Issue.record("Alertmanager log:\n\(alertmanager.log.suffix(3000))")
            await alertmanager.stop()
            client.shutdown()
            throw error
        }
        await alertmanager.stop()

        // Stopped: unreachable, and said so.
        let stopped = AlertmanagerAPI(url: alertmanager.url, client: client, timeout: 5)
        do {
            _ = try await stopped.alerts()
            Issue.record("a stopped Alertmanager answered")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message.hasPrefix("Cannot reach Alertmanager at \(alertmanager.url)/api/v2/alerts"))
        }
        client.shutdown()
    }

    func silenceRoundTrip(_ api: AlertmanagerAPI) async throws {
        let now = Date()
        let labels = ["alertname": "TTFTHigh", "deployment": "chat-prod", "severity": "critical"]
        try await api.postAlerts([
            AlertmanagerPostableAlert(
                labels: labels,
                annotations: ["summary": "p99 TTFT above 2 s"],
                startsAt: now,
                endsAt: now + 600
            )
        ])
        let firing = try await eventually(read: { try await api.alerts() }, until: { !$0.isEmpty })
        let alert = try #require(firing.first)
        #expect(alert.labels == labels)
        #expect(alert.annotations["summary"] == "p99 TTFT above 2 s")
        #expect(alert.fingerprint.count == 16)
        #expect(alert.silencedBy.isEmpty)

        let id = try await api.createSilence(
            matchers: AlertmanagerMatcher.matching(alert.labels),
            startsAt: now,
            endsAt: now + 3_600,
            createdBy: "alice",
            comment: "rollback in progress"
        )
        let muted = try await eventually(read: { try await api.alerts() }, until: { $0.first?.state == "suppressed" })
        #expect(muted.first?.state == "suppressed")
        #expect(muted.first?.silencedBy == [id])
        let unmutedOnly = try await api.alerts(silenced: false)
        #expect(unmutedOnly.isEmpty)
        let silence = try #require(try await api.silences().first { $0.id == id })
        #expect(silence.state == "active" && silence.createdBy == "alice" && silence.comment == "rollback in progress")
        #expect(Set(silence.matchers) == Set(AlertmanagerMatcher.matching(labels)))

        try await api.expireSilence(id: id)
        let unmuted = try await eventually(read: { try await api.alerts() }, until: { $0.first?.state == "active" })
        #expect(unmuted.first?.silencedBy == [])
        #expect(try await api.silences().first { $0.id == id }?.isExpired == true)

        do {
            try await api.expireSilence(id: "4c605e9c-2b76-4883-b13e-4df586f7cfd9")
            Issue.record("an unknown silence was expired")
        } catch {
            #expect(error.kind == .notFound)
        }
        do {
            _ = try await api.createSilence(
                matchers: [AlertmanagerMatcher(name: "alertname", value: "TTFTHigh")],
                startsAt: now + 60,
                endsAt: now - 60,
                createdBy: "alice",
                comment: "backwards"
            )
            Issue.record("a backwards silence was sent")
        } catch {
            #expect(error.kind == .invalidRequest)
        }
    }
}
