import AlertTestSupport
import Analysis
import Config
import Foundation
import HTTP
import PrometheusSource
import Store
import StoreTestSupport
import Synchronization
import TestSupport
import Testing

@testable import Fleet

/// The poller and the silencer against a real Alertmanager (`/usr/bin/prometheus-alertmanager`): its
/// alerts land in the store and read beside llmdeck's, an acknowledgement is a real silence that the
/// poller expires once the alert resolved, llmdeck's alerts are pushed, and an unreachable one is
/// recorded and logged once.
@Suite(.enabled(if: AlertmanagerProcess.isInstalled, "needs /usr/bin/prometheus-alertmanager"))
struct AlertmanagerPollerTests {
    /// What a poller logged, in order.
    final class LogLines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Runs `body` with a real Alertmanager, a store and an HTTP client, all stopped afterwards.
    func withAlertmanager(
        _ body: (ServerProcess, Store, HTTPClient) async throws -> Void
    ) async throws {
        let alertmanager = try await AlertmanagerProcess.start()
        let temporary = try TemporaryStore()
        let client = HTTPClient()
        do {
            try await body(alertmanager, try temporary.open(), client)
        } catch {
            Issue.record("Alertmanager log:\n\(alertmanager.log.suffix(3000))")
            await alertmanager.stop()
            client.shutdown()
            temporary.remove()
            throw error
        }
        await alertmanager.stop()
        client.shutdown()
        temporary.remove()
    }

    func endpoint(_ url: String, _ client: HTTPClient, name: String = "am") throws -> AlertmanagerEndpoint {
        let config = AlertmanagerSourceConfig(name: name, url: url, interval: 0.2, timeout: 5)
        return try #require(try AlertmanagerEndpoint.make([config], client: client, environment: [:]).first)
    }

    /// Reads with `poller` every 200 ms (bounded, about 30 s) until `condition` holds of the store's alerts.
    func readUntil(
        _ poller: AlertmanagerPoller,
        _ endpoint: AlertmanagerEndpoint,
        _ condition: ([AlertRecord]) -> Bool
    ) async throws -> [AlertRecord] {
        let reader = AlertReader(store: poller.store)
        var alerts: [AlertRecord] = []
        for _ in 0..<150 {
            await poller.read(endpoint)
            alerts = try reader.alerts(now: Self.now())
            if condition(alerts) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return alerts
    }

    @Test(.timeLimit(.minutes(3)))
    func anAcknowledgementIsASilenceExpiredOnceTheAlertResolves() async throws {
        try await withAlertmanager { alertmanager, store, client in
            let endpoint = try endpoint(alertmanager.url, client)
            let poller = AlertmanagerPoller(endpoints: [endpoint], store: store, log: { _ in })
            let labels = ["alertname": "TTFTHigh", "deployment": "chat-prod", "severity": "page", "pod": "p-1"]
            let start = Date()
            try await endpoint.api.postAlerts([
                AlertmanagerPostableAlert(
                    labels: labels,
                    annotations: ["summary": "p99 TTFT above 2 s"],
                    endsAt: start + 600
                )
            ])
            let read = try await readUntil(poller, endpoint) { !$0.isEmpty }
            let alert = try #require(read.first)
            #expect(alert.origin == .alertmanager && alert.source == "am")
            #expect(alert.ruleID == "TTFTHigh" && alert.deployment == "chat-prod" && alert.severity == .critical)
            #expect(alert.summary == "p99 TTFT above 2 s" && alert.phase == .firing && !alert.isSilenced)
            #expect(alert.id == alert.fingerprint && alert.labels == labels)
            #expect(AlertCounts(read).byDeployment == ["chat-prod": .critical])

            let silencer = AlertSilencer(store: store, endpoints: [endpoint], actor: "alice")
            await #expect(throws: AlertActionError.self) {
                _ = try await silencer.acknowledge(alert, comment: "  ", now: Self.now())
            }
            let said = try await silencer.acknowledge(alert, comment: "on it", now: Self.now())
            #expect(said.hasPrefix("acknowledged TTFTHigh on chat-prod (am) as alice: Alertmanager silence "))
            let acknowledged = try await readUntil(poller, endpoint) { $0.first?.acknowledgedBy != nil }
            #expect(acknowledged.first?.acknowledgedBy == "alice")
            #expect(acknowledged.first?.isSilenced == true)
            let ack = try #require(try store.read { try $0.alertmanagerSilences() }.first)
            #expect(ack.kind == .ack && ack.fingerprint == alert.fingerprint && ack.comment == "on it")
            let listing = await silencer.silences(now: Self.now())
            #expect(listing.alertmanager.map(\.silence.id) == [ack.id])
            #expect(listing.alertmanager.first?.madeByLlmdeck?.kind == .ack)

            // Resolved in Alertmanager: the next read finds it gone and expires the acknowledgement.
            try await endpoint.api.postAlerts([AlertmanagerPostableAlert(labels: labels, endsAt: Date())])
            let resolved = try await readUntil(poller, endpoint) { $0.isEmpty }
            #expect(resolved.isEmpty)
            #expect(try store.read { try $0.alertmanagerSilences() }.isEmpty)
            let inAlertmanager = try await endpoint.api.silences().first { $0.id == ack.id }
            #expect(inAlertmanager?.isExpired == true)
            let audit = try store.read { try $0.auditRecords() }.map(\.entry)
            #expect(audit.map(\.action) == ["ack", "ack-expire"])
            #expect(audit.map(\.actor) == ["alice", "llmdeck"])
            #expect(audit.allSatisfy { $0.outcome == "done" && $0.subject == "am:TTFTHigh/chat-prod" })
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func llmdecksFiringAlertsArePushedAndNotShownTwice() async throws {
        try await withAlertmanager { alertmanager, store, client in
            let endpoint = try endpoint(alertmanager.url, client)
            let rule = try #require(AlertRuleSpec.builtIn.first { $0.id == "error_ratio" })
            let now = Self.now()
            try AlertFixtures.save(
                [(AlertFixtures.firing(rule, on: "chat-prod", value: 0.5, since: now - 60_000), nil)],
                in: store,
                at: now
            )
            let poller = AlertmanagerPoller(endpoints: [endpoint], store: store, pushTo: "alertmanager", log: { _ in })
            #expect(poller.pushTo == "am")
            var pushed: [AlertmanagerAlert] = []
            for _ in 0..<150 where pushed.isEmpty {
                #expect(await poller.read(endpoint).isEmpty)
                pushed = try await endpoint.api.alerts()
                try await Task.sleep(for: .milliseconds(200))
            }
            let alert = try #require(pushed.first)
            let own = try #require(try AlertReader(store: store).alerts(now: Self.now()).first)
            let severity = try #require(own.severity)
            #expect(
                alert.labels
                    == [
                        "alertname": "error_ratio", "deployment": "chat-prod", "severity": severity.rawValue,
                        "source": "llmdeck",
                    ]
            )
            #expect(alert.annotations["summary"]?.isEmpty == false)
            await poller.read(endpoint)
            let shown = try AlertReader(store: store).alerts(now: Self.now())
            #expect(shown.map(\.origin) == [.llmdeck])
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func anUnreachableAlertmanagerIsRecordedAndLoggedOnce() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let client = HTTPClient()
        defer { client.shutdown() }
        try await LoopbackServer.withRefusingPort { port in
            let endpoint = try endpoint("http://127.0.0.1:\(port)", client)
            let lines = LogLines()
            let poller = AlertmanagerPoller(endpoints: [endpoint], store: store, log: { lines.append($0) })
            let task = Task { await poller.run() }
            var checks = Set<Int64>()
            _ = await waitUntil(attempts: 300) {
                if let status = try? store.read({ try $0.alertmanagerSources() }).first {
                    checks.insert(status.checkedAt)
                }
                return checks.count >= 3
            }
            task.cancel()
            await task.value
            #expect(checks.count >= 3)
            #expect(lines.all.count == 1, "\(lines.all)")
            #expect(
                lines.all.first?.hasPrefix("alertmanager am (http://127.0.0.1:\(port)): alerts not read: Cannot reach")
                    == true
            )
            let status = try #require(try store.read { try $0.alertmanagerSources() }.first)
            #expect(status.readAt == nil && status.error?.hasPrefix("Cannot reach Alertmanager") == true)
        }
    }
}
