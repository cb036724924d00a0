import Foundation
import StoreTestSupport
import TestSupport
import Testing

@testable import Store

/// What the store keeps of Alertmanagers: a snapshot of each source's alerts replaced whole at each
/// read, how the last read went, and the silences llmdeck made there.
struct AlertmanagerStoreTests {
    static func alert(
        _ fingerprint: String,
        source: String = "am",
        deployment: String? = "chat-prod",
        silencedBy: [String] = []
    ) -> StoredAlertmanagerAlert {
        StoredAlertmanagerAlert(
            source: source,
            fingerprint: fingerprint,
            alertname: "TTFTHigh",
            deployment: deployment,
            severity: "page",
            summary: "p99 TTFT above 2 s",
            state: silencedBy.isEmpty ? "active" : "suppressed",
            startsAt: 1_767_225_600_000,
            endsAt: 1_767_226_140_000,
            labels: ["alertname": "TTFTHigh", "model_name": "a \"quoted\"\nname", "severity": "page"],
            annotations: ["summary": "p99 TTFT above 2 s"],
            silencedBy: silencedBy,
            generatorURL: "http://prometheus:9090/graph?g0.expr=up"
        )
    }

    @Test func eachReadReplacesOnlyItsSourcesAlerts() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        try store.replaceAlertmanagerAlerts(
            [Self.alert("a1"), Self.alert("a2", deployment: nil)],
            source: "am",
            url: "http://am:9093",
            at: 1_000
        )
        try store.replaceAlertmanagerAlerts(
            [Self.alert("b1", source: "other")],
            source: "other",
            url: "http://other:9093",
            at: 1_000
        )
        try store.replaceAlertmanagerAlerts(
            [Self.alert("a3", silencedBy: ["s-1", "s-2"])],
            source: "am",
            url: "http://am:9093",
            at: 2_000
        )
        let alerts = try store.read { try $0.alertmanagerAlerts() }
        #expect(alerts.map(\.fingerprint) == ["a3", "b1"])
        #expect(alerts[0] == Self.alert("a3", silencedBy: ["s-1", "s-2"]))
        #expect(alerts[1].source == "other")

        try store.replaceAlertmanagerAlerts([], source: "am", url: "http://am:9093", at: 3_000)
        #expect(try store.read { try $0.alertmanagerAlerts() }.map(\.fingerprint) == ["b1"])
    }

    @Test func aFailedReadKeepsTheLastSnapshotAndSaysWhy() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        try store.replaceAlertmanagerAlerts([Self.alert("a1")], source: "am", url: "http://am:9093", at: 1_000)
        try store.recordAlertmanagerFailure(
            source: "am",
            url: "http://am:9093",
            error: "Cannot reach Alertmanager",
            at: 2_000
        )
        let failing = try store.read { try $0.alertmanagerSources() }
        #expect(
            failing == [
                AlertmanagerSourceStatus(
                    source: "am",
                    url: "http://am:9093",
                    checkedAt: 2_000,
                    readAt: 1_000,
                    error: "Cannot reach Alertmanager"
                )
            ]
        )
        #expect(try store.read { try $0.alertmanagerAlerts() }.count == 1)
        try store.replaceAlertmanagerAlerts([], source: "am", url: "http://am:9093", at: 3_000)
        let recovered = try store.read { try $0.alertmanagerSources() }
        #expect(recovered.first?.error == nil && recovered.first?.readAt == 3_000)

        let readOnly = try temporary.open(readOnly: true)
        #expect(throws: StoreError.self) {
            try readOnly.recordAlertmanagerFailure(source: "am", url: "u", error: "e", at: 4_000)
        }
    }

    @Test func silencesLlmdeckMadeAreKeptWithTheirExpiryAndEvent() throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        var ack = StoredAlertmanagerSilence(
            id: "7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b",
            source: "am",
            fingerprint: "a1",
            alertname: "TTFTHigh",
            deployment: "chat-prod",
            kind: .ack,
            createdBy: "alice",
            comment: "on it",
            startsAt: 1_000,
            endsAt: 1_000 + 365 * 86_400_000
        )
        let event = EventRecord(ts: 1_000, kind: "ack", target: "chat-prod", detail: "TTFTHigh by alice: on it")
        try store.saveAlertmanagerSilence(ack, event: event)
        #expect(try store.read { try $0.alertmanagerSilences() } == [ack])
        #expect(ack.isActive(at: 2_000))

        ack.expiredAt = 5_000
        try store.saveAlertmanagerSilence(
            ack,
            event: EventRecord(ts: 5_000, kind: "silence-expired", target: "chat-prod", detail: "resolved")
        )
        #expect(try store.read { try $0.alertmanagerSilences() }.isEmpty)
        #expect(try store.read { try $0.alertmanagerSilences(includingExpired: true) } == [ack])
        #expect(!ack.isActive(at: 6_000))
        let events = try store.read { try $0.events(kinds: ["ack", "silence-expired"], from: 0) }
        #expect(events.map(\.kind) == ["ack", "silence-expired"])
    }
}
