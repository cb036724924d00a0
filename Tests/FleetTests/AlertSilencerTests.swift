import AlertTestSupport
import Analysis
import Foundation
import Store
import StoreTestSupport
import Testing

@testable import Fleet

/// `AlertSilencer` on llmdeck's own alerts (no Alertmanager involved): acknowledgements, silences and
/// expiries land in the store as the console's do, each audited; alerts are found by the ids
/// `llmdeck alerts --json` prints.
struct AlertSilencerTests {
    @Test func llmdecksOwnAlertsAreAcknowledgedSilencedAndExpiredWithAnAuditRowEach() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try AlertFixtures.save(
            [
                (AlertFixtures.firing(.errorRatio, on: "chat-prod", value: 0.5, since: now - 60_000), nil),
                (AlertFixtures.firing(.latencyP95, on: "chat-prod", value: 12, since: now - 60_000), nil),
            ],
            in: store,
            at: now
        )
        let reader = AlertReader(store: store)
        let silencer = AlertSilencer(store: store, endpoints: [], actor: " alice ")
        let errors = try AlertSilencer.alert(named: "error_ratio/chat-prod", in: try reader.alerts(now: now))
        #expect(
            try await silencer.acknowledge(errors, comment: "on it", now: now)
                == "acknowledged \(errors.ruleName) on chat-prod as alice"
        )
        let latency = try AlertSilencer.alert(named: "latency_p95/chat-prod", in: try reader.alerts(now: now))
        let said = try await silencer.silence(latency, for: 3_600_000, comment: "known", now: now)
        #expect(said.hasPrefix("silenced \(latency.ruleName) on chat-prod until "))

        let alerts = try reader.alerts(now: now + 1)
        #expect(alerts.first { $0.ruleID == "error_ratio" }?.acknowledgedBy == "alice")
        let silence = try #require(alerts.first { $0.ruleID == "latency_p95" }?.silence)
        #expect(silence.comment == "known" && silence.createdBy == "alice")
        let listing = await silencer.silences(now: now + 1)
        #expect(listing.own.map(\.id) == [silence.id] && listing.problems.isEmpty)

        _ = try await silencer.expire(silenceID: silence.id, now: now + 2)
        #expect(try reader.alerts(now: now + 3).first { $0.ruleID == "latency_p95" }?.silence == nil)
        await #expect(throws: AlertActionError.self) {
            _ = try await silencer.expire(silenceID: "no-such-silence", now: now + 4)
        }

        let audit = try store.read { try $0.auditRecords() }.map(\.entry)
        #expect(audit.map(\.action) == ["ack", "silence", "silence-expire"])
        #expect(audit.map(\.subject) == ["error_ratio/chat-prod", "latency_p95/chat-prod", "latency_p95/chat-prod"])
        #expect(audit.allSatisfy { $0.actor == "alice" && $0.outcome == "done" && $0.subjectKind == "alert" })
        #expect(audit.map(\.reason) == ["on it", "known", "known"])
    }

    @Test func anAlertIsNamedByItsIDOrUniquelyByRuleAndDeployment() throws {
        func alert(_ fingerprint: String?, source: String) -> AlertRecord {
            var record = AlertRecord(
                ruleID: "TTFTHigh",
                ruleName: "TTFTHigh",
                deployment: "chat-prod",
                phase: .firing,
                severity: .critical,
                since: 0,
                firesIn: nil,
                value: nil,
                threshold: nil,
                summary: "s"
            )
            record.fingerprint = fingerprint
            record.source = source
            record.origin = fingerprint == nil ? .llmdeck : .alertmanager
            return record
        }
        let alerts = [alert("a1", source: "am-eu"), alert("b2", source: "am-us")]
        #expect(try AlertSilencer.alert(named: "b2", in: alerts).source == "am-us")
        #expect(try AlertSilencer.alert(named: "TTFTHigh/chat-prod", source: "am-eu", in: alerts).id == "a1")
        #expect(throws: AlertActionError("TTFTHigh/chat-prod names 2 alerts: a1 (am-eu), b2 (am-us); give an id")) {
            try AlertSilencer.alert(named: "TTFTHigh/chat-prod", in: alerts)
        }
        #expect(throws: AlertActionError.self) { try AlertSilencer.alert(named: "c3", in: alerts) }
    }
}
