import AlertTestSupport
import Analysis
import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

/// The Alerts pane drawn through the text backend: reading order, countdowns, marks, the detail
/// (a drift alert's distributions side by side), the silences, the header counts and the Fleet
/// marks; hostile names inert; the bell.
struct AlertsPaneTests {
    static let now = ConsoleFixtures.now

    static func record(
        _ rule: AlertRuleSpec,
        on deployment: String,
        phase: AlertPhase,
        severity: AlertSeverity?,
        since: Int64,
        value: Double,
        summary: String
    ) -> AlertRecord {
        AlertRecord(
            ruleID: rule.id,
            ruleName: rule.name,
            deployment: deployment,
            phase: phase,
            severity: severity,
            since: since,
            firesIn: phase == .pending ? 42_000 : nil,
            value: value,
            threshold: severity.flatMap { rule.thresholds.threshold(for: $0) },
            summary: summary
        )
    }

    /// In the reader's order: firing critical, firing warnings, pending, resolved.
    static var records: [AlertRecord] {
        var errors = record(
            .errorRatio,
            on: "vllm-prod-1",
            phase: .firing,
            severity: .warning,
            since: now - 300_000,
            value: 0.062,
            summary: "error ratio 6.2 % > 5 % for 5m"
        )
        errors.acknowledgedBy = "alice"
        errors.acknowledgedAt = now - 60_000
        var drift = record(
            .drift,
            on: "vllm-staging-4",
            phase: .firing,
            severity: .warning,
            since: now - 600_000,
            value: 0.18,
            summary: "drift PSI 0.18 > 0.1 for 10m"
        )
        drift.silence = AlertSilence(
            id: "s1",
            ruleID: "drift",
            deployment: "vllm-staging-4",
            createdBy: "bob",
            comment: "new prompt template rolling out",
            startsAt: now - 60_000,
            endsAt: now + 3_600_000
        )
        return [
            record(
                .latencyP95,
                on: "tgi-prod-2",
                phase: .firing,
                severity: .critical,
                since: now - 180_000,
                value: 12.5,
                summary: "p95 latency 12 s > 10 s for 3m"
            ),
            errors,
            drift,
            record(
                .ttftP95,
                on: "vllm-prod-1",
                phase: .pending,
                severity: .warning,
                since: now - 18_000,
                value: 1.4,
                summary: "p95 TTFT 1.4 s > 1 s for 18s"
            ),
            record(
                .kvCacheFull,
                on: "llamacpp-canary-3",
                phase: .resolved,
                severity: .critical,
                since: now - 120_000,
                value: 0.5,
                summary: "KV-cache use 50 % > 95 % for 6m"
            ),
        ]
    }

    /// `records` with the drift comparison behind the drift alert.
    static func recordsWithDrift() throws -> [AlertRecord] {
        var all = records
        all[2].drift = try AlertFixtures.promptDrift(now: now)
        return all
    }

    static func state(
        width: Int,
        height: Int,
        alerts: [AlertRecord] = records,
        silences: [AlertSilence] = []
    ) -> AppState {
        var state = AppState(width: width, height: height, now: now)
        var snapshot = FleetSnapshot(takenAt: now, deployments: ConsoleFixtures.fleet)
        snapshot.alerts = alerts
        snapshot.silences = silences
        snapshot.alertCounts = AlertCounts(alerts)
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        _ = ConsoleReducer.reduce(&state, .key(.character("5")))
        return state
    }

    static func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    static func press(_ keys: [Key], _ state: inout AppState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleReducer.reduce(&state, .key($0)) }
    }

    static func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test(arguments: [(80, 24), (200, 60)])
    func paneListsAlertsFiringFirstThenPendingThenResolved(width: Int, height: Int) throws {
        let state = Self.state(width: width, height: height)
        #expect(state.pane == .alerts)
        #expect(ConsoleRegistry.standard.readRequest(for: state).alerts)
        let text = Self.screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
        #expect(text.contains("5 Alerts"))
        #expect(text.contains("Alerts (5) · 3 firing · 1 pending"))
        let firing = try #require(lines.firstIndex { $0.contains("tgi-prod-2") && $0.contains("firing 3m") })
        let pending = try #require(lines.firstIndex { $0.contains("fires in 42s") })
        let resolved = try #require(lines.firstIndex { $0.contains("resolved 2m") })
        #expect(firing < pending && pending < resolved)
        #expect(lines[firing].contains("crit"))
        #expect(lines[firing].contains("13 s") || width < 100, "the value in the rule's unit")
        #expect(text.contains("ack alice"))
        #expect(text.contains("silenced until 01:0"))
        #expect(text.contains("FIRING · critical since 2025-12-31 23:57:00 UTC"), "the selected alert's detail below")
    }

    @Test func countdownFollowsTheClockBetweenReads() {
        var state = Self.state(width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .tick(Self.now + 10_000))
        #expect(Self.screen(state).contains("fires in 32s"))
        _ = ConsoleReducer.reduce(&state, .tick(Self.now + 45_000))
        #expect(Self.screen(state).contains("fires now"))
    }

    @Test func enterShowsTheRuleThresholdsAndTimes() {
        var state = Self.state(width: 120, height: 40)
        _ = Self.press([.enter], &state)
        #expect(state.alertsPage == .detail)
        let text = Self.screen(state)
        #expect(text.contains("p95 latency on tgi-prod-2 · Enter/Esc back"))
        #expect(text.contains("FIRING · critical since 2025-12-31 23:57:00 UTC (3m ago)"))
        #expect(text.contains("value 13 s · threshold 10 s (critical)"))
        #expect(text.contains("rule latency_p95: p95 latency over 5m ≥ 5.0 s warning, ≥ 10 s critical"))
        #expect(text.contains("1.50 × its baseline;"))
        #expect(text.contains("firing 2m, no data: ok, at least 20 requests"), "a long line wraps, not cut")
        #expect(text.contains("not acknowledged: a acknowledges"))
        _ = Self.press([.escape], &state)
        #expect(state.alertsPage == .list)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func driftDetailShowsBothDistributionsAsBars(width: Int, height: Int) throws {
        var state = Self.state(width: width, height: height, alerts: try Self.recordsWithDrift())
        _ = Self.press([.character("j"), .character("j"), .enter], &state)
        #expect(state.selectedAlert == "drift/vllm-staging-4")
        let text = Self.screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= width })
        #expect(text.contains("prompt_tokens drifted: PSI"))
        #expect(text.contains("silenced until 2026-01-01 01:00:00 UTC by bob: new prompt"))
        #expect(text.contains("BASELINE") && text.contains("CURRENT") && text.contains("PSI TERM"))
        let newRanges = lines.filter { $0.contains("new range") }
        #expect(newRanges.count == 2, "the two buckets empty in the baseline")
        #expect(newRanges.contains { $0.contains("≤ +Inf") })
        #expect(lines.contains { $0.contains("≤ 128") && $0.contains("40.0%") && $0.contains("10.0%") })
        #expect(text.contains("█"))
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func hostileNamesAndTextRenderInert(width: Int, height: Int) {
        var hostile = Self.records
        hostile[0].deployment = "\u{1B}[2Jevil\u{202E}name"
        hostile[0].summary = "\u{1B}]0;title\u{07}p95 latency"
        hostile[1].acknowledgedBy = "al\u{9B}31mice"
        hostile[2].silence?.comment = "why\u{1B}[31m\u{200B}"
        var state = Self.state(width: width, height: height, alerts: hostile)
        var text = Self.screen(state)
        _ = Self.press([.enter], &state)
        text += Self.screen(state)
        _ = Self.press([.escape, .character("j"), .character("j"), .enter], &state)
        text += Self.screen(state)
        for forbidden in ["\u{1B}", "\u{202E}", "\u{9B}", "\u{07}", "\u{200B}"] {
            #expect(!text.contains(forbidden))
        }
        #expect(text.contains("evil"))
    }

    @Test func headerCountsFiringBySeverityAndFleetMarksOpenAlerts() throws {
        var state = Self.state(width: 80, height: 24)
        _ = Self.press([.character("1")], &state)
        let lines = Self.screen(state).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("│ 1 crit 2 warn │ data 2s ago"), "80 columns: the counts and the data's age fit")
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        #expect(lines.contains { $0.contains("▲ tgi-prod-2") })
        #expect(lines.contains { $0.contains("△ vllm-prod-1") })
        #expect(!lines.contains { $0.contains("llamacpp-canary-3") && $0.contains("▲") }, "resolved is not open")
        let grid = ConsoleView.render(state)
        let row = try #require(lines.firstIndex { $0.contains("▲ tgi-prod-2") })
        #expect((0..<grid.width).contains { grid[$0, row].style.foreground == .critical })
        state.glyphs = .ascii
        #expect(Self.screen(state).contains("!! tgi-prod-2"))
    }

    @Test func silencesListsWhoUntilWhyAndWhat() {
        let silence = Self.records[2].silence.map { [$0] } ?? []
        var state = Self.state(width: 120, height: 40, silences: silence)
        _ = Self.press([.character(":")] + Self.type("silences") + [.enter], &state)
        #expect(state.alertsPage == .silences)
        let text = Self.screen(state)
        #expect(text.contains("Silences (1) · x expires"))
        #expect(text.contains("drift on vllm-staging-4"))
        #expect(text.contains("bob"))
        #expect(text.contains("until 01:00Z (1h)"))
        #expect(text.contains("new prompt template rolling out"))
        #expect(Self.press([.character("x")], &state) == [.alertAction(.expire(silence[0]))])
        _ = Self.press([.escape], &state)
        #expect(Self.screen(Self.state(width: 120, height: 40)).contains("Alerts (5)"))
        var empty = Self.state(width: 120, height: 40)
        _ = Self.press([.character(":")] + Self.type("sil") + [.enter], &empty)
        #expect(Self.screen(empty).contains("no silences"))
    }

    @Test func noAlertsSaysSoAndNamesTheRules() {
        let text = Self.screen(Self.state(width: 120, height: 40, alerts: []))
        #expect(text.contains("nothing firing or pending"))
        #expect(text.contains("latency_p95"))
    }

    @Test func bellRingsOnceForANewCriticalAlertWhenOn() {
        var state = AppState(width: 120, height: 40, now: Self.now)
        state.ringsBell = true
        func snapshot(_ critical: Set<String>) -> FleetSnapshot {
            var snapshot = FleetSnapshot(takenAt: Self.now, deployments: ConsoleFixtures.fleet)
            snapshot.alertCounts = AlertCounts()
            snapshot.criticalFiring = critical
            return snapshot
        }
        #expect(
            ConsoleReducer.reduce(&state, .snapshot(snapshot(["target_down/a"]))).isEmpty,
            "not for what fired before"
        )
        #expect(ConsoleReducer.reduce(&state, .snapshot(snapshot(["target_down/a"]))).isEmpty)
        #expect(ConsoleReducer.reduce(&state, .snapshot(snapshot(["target_down/a", "drift/b"]))) == [.ringBell])
        #expect(ConsoleReducer.reduce(&state, .snapshot(snapshot(["drift/b"]))).isEmpty)
        #expect(
            ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: 0, deployments: [], error: "busy"))).isEmpty
        )
        #expect(
            ConsoleReducer.reduce(&state, .snapshot(snapshot(["drift/b"]))).isEmpty,
            "a failed read forgets nothing"
        )
        state.ringsBell = false
        #expect(ConsoleReducer.reduce(&state, .snapshot(snapshot(["drift/b", "error_ratio/c"]))).isEmpty)
    }

    @Test func readOnlyRefusesWritesAndHelpSaysWhy() throws {
        var state = Self.state(width: 120, height: 40)
        state.isReadOnly = true
        for key in ["a", "s", "x"] {
            #expect(Self.press([.character(Character(key))], &state).isEmpty)
            #expect(state.flash?.text.contains("read-only: \(key)") == true)
            #expect(state.mode == .normal)
        }
        _ = Self.press([.character("1")], &state)
        #expect(Self.press([.character("a")], &state).isEmpty)
        let lines = HelpView.lines(.standard, isReadOnly: true)
        let silence = try #require(lines.first { $0.keys == "s" && $0.summary.hasPrefix("silence") })
        #expect(silence.role == .muted)
        #expect(silence.summary.contains("writes the store"))
        #expect(lines.contains { $0.keys == ":silences" })
    }
}
