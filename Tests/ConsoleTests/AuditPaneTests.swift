import Fleet
import Synchronization
import Terminal
import Testing
import Vocabulary

@testable import Console

/// The Audit pane drawn through the text backend (newest first, columns dropped on narrow
/// screens, a row in full with Enter), its registration, and the feed reading the trail only
/// while the pane is shown.
struct AuditPaneTests {
    static let now = ConsoleFixtures.now

    static var rows: [AuditRow] {
        let request =
            "POST https://deployer.internal/rollback/vllm-prod-1\nAuthorization: ********\n\n"
            + #"{"to": "v1.4.1", "reason": "p95 tripled"}"#
        let rollback = AuditRow(
            id: 7,
            time: now + 600_000,
            actor: "ana",
            action: "rollback",
            subjectKind: "deployment",
            subject: "vllm-prod-1",
            fromVersion: "v1.4.2",
            toVersion: "v1.4.1",
            reason: "p95 tripled",
            request: request,
            outcome: "done",
            status: "HTTP 200",
            output: #"{"rolled_back": true}"#,
            evidence:
                #"{"current":{"p95_seconds":12.5,"error_ratio":0.021},"open_alerts":["latency_p95 firing: p95 12 s > 10 s"]}"#,
            refersTo: nil
        )
        var verify = rollback
        verify.id = 8
        verify.time = now + 700_000
        verify.action = "verify"
        verify.outcome = "verified"
        verify.status = nil
        verify.output = "vllm-prod-1 serves v1.4.1; p95 1.2 s (limit 5 s), errors 0.2 % (limit 5 %)"
        verify.refersTo = 7
        var failed = rollback
        failed.id = 6
        failed.time = now - 86_400_000 - 3_600_000
        failed.actor = "bob"
        failed.subject = "tgi-prod-2"
        failed.outcome = "failed"
        failed.status = "HTTP 503"
        failed.reason = "error burst \u{1B}[31mred\u{1B}[0m"
        return [verify, rollback, failed]
    }

    static func state(width: Int, height: Int, trail: AuditTrail? = AuditTrail(rows: rows)) -> AppState {
        var state = ConsoleFixtures.state(width: width, height: height)
        _ = ConsoleReducer.reduce(&state, .tick(now + 900_000))
        _ = ConsoleReducer.reduce(&state, .key(.character("6")))
        if let trail { _ = ConsoleReducer.reduce(&state, .auditTrail(trail)) }
        return state
    }

    static func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    @Test(arguments: [(80, 24), (200, 60)])
    func theTrailShowsNewestFirst(width: Int, height: Int) throws {
        let state = Self.state(width: width, height: height)
        #expect(state.pane == .audit)
        let text = Self.screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
        #expect(text.contains("6 Audit"))
        #expect(text.contains("Audit (3) · newest first"))
        let verify = try #require(lines.firstIndex { $0.contains("verify") && $0.contains("verified") })
        let rollback = try #require(lines.firstIndex { $0.contains("rollback") && $0.contains("done") })
        let failed = try #require(lines.firstIndex { $0.contains("tgi-prod-2") && $0.contains("failed") })
        #expect(verify < rollback && rollback < failed)
        #expect(lines[verify].contains("00:11:40Z"), "today's rows show the time with seconds, UTC")
        #expect(lines[failed].contains("12-30 23:00Z"), "older rows show the day")
        for title in ["TIME", "ACTION", "SUBJECT", "OUTCOME", "REASON"] { #expect(text.contains(title)) }
        if width >= 200 {
            for title in ["ACTOR", "FROM → TO", "STATUS"] { #expect(text.contains(title)) }
            #expect(lines[rollback].contains("v1.4.2 → v1.4.1"))
            #expect(lines[rollback].contains("HTTP 200"))
            #expect(lines[rollback].contains("ana"))
        }
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B }, "a hostile reason is drawn inert")
    }

    @Test func enterShowsARowInFullAndEscGoesBack() {
        var state = Self.state(width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .key(.character("j")))
        #expect(state.selectedAuditID == 7)
        _ = ConsoleReducer.reduce(&state, .key(.enter))
        #expect(state.showsAuditDetail)
        let text = Self.screen(state)
        #expect(text.contains("#7 rollback vllm-prod-1 · Enter/Esc back"))
        #expect(text.contains("DONE · HTTP 200"))
        #expect(text.contains("2026-01-01 00:10:00 UTC · ana · rollback deployment vllm-prod-1"))
        #expect(text.contains("versions v1.4.2 → v1.4.1"))
        #expect(text.contains("reason: p95 tripled"))
        #expect(text.contains("POST https://deployer.internal/rollback/vllm-prod-1"))
        #expect(text.contains("Authorization: ********"))
        #expect(text.contains(#"{"rolled_back": true}"#))
        #expect(text.contains(#""p95_seconds": 12.5"#), "the evidence, spaced so it wraps")
        _ = ConsoleReducer.reduce(&state, .key(.escape))
        #expect(!state.showsAuditDetail)
        #expect(state.pane == .audit)
    }

    @Test func anEmptyTrailAndAFailedReadSaySo() {
        #expect(Self.screen(Self.state(width: 120, height: 40, trail: nil)).contains("reading…"))
        let empty = Self.screen(Self.state(width: 120, height: 40, trail: AuditTrail(rows: [])))
        #expect(empty.contains("nothing audited yet: R on a deployment"))
        let failed = Self.screen(
            Self.state(width: 120, height: 40, trail: AuditTrail(rows: [], error: "disk I/O error"))
        )
        #expect(failed.contains("the audit trail cannot be read: disk I/O error"))
    }

    @Test func theRegistryGivesItACommandAndTheFeedReadsItOnlyWhileShown() {
        var state = ConsoleFixtures.state()
        #expect(!ConsoleRegistry.standard.readsAuditTrail(for: state))
        for key in [Key.character(":")] + "audit".map({ Key.character($0) }) + [.enter] {
            _ = ConsoleReducer.reduce(&state, .key(key))
        }
        #expect(state.pane == .audit)
        #expect(ConsoleRegistry.standard.readsAuditTrail(for: state))
        #expect(ConsoleRegistry.standard.complete("au", in: state) == "audit")
    }

    @Test func theFeedPostsTheTrailWhenThePaneOpens() async throws {
        let reads = Mutex(0)
        let readAuditTrail: @Sendable () -> AuditTrail = {
            reads.withLock { $0 += 1 }
            return AuditTrail(rows: Self.rows)
        }
        let feed = DataFeed(request: ReadRequest(interval: 60), read: { _ in nil }, readAuditTrail: readAuditTrail)
        feed.start()
        defer { feed.stop() }
        try await Task.sleep(for: .milliseconds(200))
        #expect(reads.withLock { $0 } == 0, "not read while no pane shows it")
        feed.update(ReadRequest(interval: 60), readsAuditTrail: true)
        var messages: [ConsoleMessage] = []
        for _ in 0..<100 where messages.isEmpty {
            try await Task.sleep(for: .milliseconds(20))
            messages = feed.takeMessages()
        }
        let trail = messages.compactMap { message -> AuditTrail? in
            if case .auditTrail(let trail) = message { return trail }
            return nil
        }
        #expect(trail.first?.rows.map(\.id) == [8, 7, 6])
        #expect(reads.withLock { $0 } == 1, "an unchanged store is not read again")
    }
}
