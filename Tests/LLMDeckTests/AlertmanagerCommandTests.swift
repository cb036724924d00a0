import Foundation
import Store
import TestSupport
import Testing

/// `llmdeck alerts`, `alerts ack|silence` and `silences` on a store holding an Alertmanager source's
/// alerts while that Alertmanager cannot be reached: its alerts are shown with their source, the
/// failed read is reported, and an action on them fails with Alertmanager's words, audited.
struct AlertmanagerCommandTests {
    @Test func alertmanagerAlertsAreListedAndAnUnreachableOneIsReportedNotCrashedOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await LoopbackServer.withRefusingPort { port in
            let url = "http://127.0.0.1:\(port)"
            let configPath = directory.path("config.yaml")
            try """
            store: { path: \(directory.path("deck.sqlite")) }
            sources:
              - alertmanager: { url: '\(url)', name: am-prod, deployment_label: service }
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
            let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            do {
                let store = try Store(path: directory.path("deck.sqlite"))
                try store.replaceAlertmanagerAlerts(
                    [
                        StoredAlertmanagerAlert(
                            source: "am-prod",
                            fingerprint: "a1b2c3d4e5f60718",
                            alertname: "TTFTHigh",
                            deployment: "chat-prod",
                            severity: "page",
                            summary: "p99 TTFT above 2 s \u{1B}[2J",
                            state: "suppressed",
                            startsAt: now - 60_000,
                            endsAt: now + 240_000,
                            labels: ["alertname": "TTFTHigh", "service": "chat-prod", "severity": "page"],
                            silencedBy: ["7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b"]
                        )
                    ],
                    source: "am-prod",
                    url: url,
                    at: now - 30_000
                )
                try store.recordAlertmanagerFailure(
                    source: "am-prod",
                    url: url,
                    error: "Cannot reach Alertmanager at \(url)/api/v2/alerts: refused.",
                    at: now - 1_000
                )
            }

            let json = try await CommandRun.llmdeck(["alerts", "--json", "--config", configPath])
            #expect(json.status == 1, "\(json.standardError)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
            )
            let alert = try #require((document["alerts"] as? [[String: Any]])?.first)
            #expect(alert["id"] as? String == "a1b2c3d4e5f60718")
            #expect(alert["source"] as? String == "alertmanager")
            #expect(alert["source_name"] as? String == "am-prod")
            #expect(alert["deployment"] as? String == "chat-prod")
            #expect(alert["severity"] as? String == "critical")
            #expect(alert["silenced_by"] as? [String] == ["7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b"])
            #expect((alert["labels"] as? [String: String])?["service"] == "chat-prod")
            let source = try #require((document["alertmanagers"] as? [[String: Any]])?.first)
            #expect(source["ok"] as? Bool == false)
            #expect((source["error"] as? String)?.hasPrefix("Cannot reach Alertmanager") == true)
            #expect(json.standardError.contains("llmdeck alerts: alertmanager am-prod not read at "))

            let table = try await CommandRun.llmdeck(["alerts", "--config", configPath])
            #expect(table.standardOutput.contains("SOURCE"))
            #expect(table.standardOutput.contains("silenced by 7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b  am-prod"))
            #expect(!table.standardOutput.contains("\u{1B}"))

            let ack = try await CommandRun.llmdeck(
                [
                    "alerts", "ack", "TTFTHigh/chat-prod", "--comment", "on it", "--actor", "alice", "--config",
                    configPath,
                ]
            )
            #expect(ack.status == 1)
            #expect(ack.standardError.contains("not acknowledged: Cannot reach Alertmanager at \(url)/api/v2/silences"))
            let silences = try await CommandRun.llmdeck(["silences", "--config", configPath])
            #expect(silences.status == 1)
            #expect(silences.standardError.contains("llmdeck silences: am-prod: Cannot reach Alertmanager"))

            let audit = try Store(path: directory.path("deck.sqlite"), readOnly: true).read { try $0.auditRecords() }
            #expect(audit.map(\.entry.action) == ["ack"])
            #expect(audit.first?.entry.outcome == "failed" && audit.first?.entry.actor == "alice")
            #expect(audit.first?.entry.subject == "am-prod:TTFTHigh/chat-prod")
        }
    }
}
