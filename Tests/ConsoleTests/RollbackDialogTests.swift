import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

/// The rollback dialog through the reducer and the text backend: `R` asks for a plan, the plan
/// shows current → target with Cancel focused, a wrong typed name or a missing reason does
/// nothing, the target can be changed, read-only refuses `R`, and progress reaches the status
/// line.
struct RollbackDialogTests {
    static let now = ConsoleFixtures.now
    static let hour: Int64 = 3_600_000

    static func proposal(
        for deployment: String = "vllm-prod-1",
        target: String = "v1.4.1",
        reason: String = "",
        isProduction: Bool = true,
        request: String? = nil,
        candidates: [String] = ["v1.4.1", "v1.3.0"]
    ) -> RollbackProposal {
        let versions = candidates.enumerated().map { index, version in
            RollbackProposal.Version(
                version: version,
                model: "meta-llama/Llama-3.1-8B-Instruct",
                from: now - Int64(index + 2) * 24 * hour,
                until: now - Int64(index + 1) * 24 * hour
            )
        }
        let shown =
            request
            ?? "POST https://deployer.internal/rollback/\(deployment)\nAuthorization: ********\n\n"
            + "{\"to\": \"\(target)\", \"reason\": \"\(reason)\"}"
        return RollbackProposal(
            deployment: deployment,
            environment: isProduction ? "production" : "staging",
            isProduction: isProduction,
            current: RollbackProposal.Version(
                version: "v1.4.2",
                model: "meta-llama/Llama-3.1-8B-Instruct",
                from: now - 3 * hour,
                until: now
            ),
            target: versions.first { $0.version == target } ?? versions[0],
            candidates: versions,
            now: RollbackProposal.Figures(p95: 12.5, ttftP95: 0.73, errorRatio: 0.021, requestsPerSecond: 24),
            before: RollbackProposal.Figures(p95: 1.2, ttftP95: 0.18, errorRatio: 0.002, requestsPerSecond: 22),
            openAlerts: [
                AlertRecord(
                    ruleID: "latency_p95",
                    ruleName: "p95 latency",
                    deployment: deployment,
                    phase: .firing,
                    severity: .critical,
                    since: now - 120_000,
                    firesIn: nil,
                    value: 12.5,
                    threshold: 10,
                    summary: "p95 latency 12 s > 10 s for 2m"
                )
            ],
            request: shown,
            reason: reason
        )
    }

    static func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    static func press(_ keys: [Key], _ state: inout AppState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleReducer.reduce(&state, .key($0)) }
    }

    static func type(_ text: String, _ state: inout AppState) -> [ConsoleEffect] {
        press(text.map { Key.character($0) }, &state)
    }

    /// `R` on the first row, and the plan delivered as the run loop would.
    static func opened(width: Int = 120, height: Int = 40, proposal: RollbackProposal = proposal()) -> AppState {
        var state = ConsoleFixtures.state(width: width, height: height)
        state.selectedName = proposal.deployment
        _ = press([.character("R")], &state)
        _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: proposal.deployment, .success(proposal)))
        return state
    }

    /// Answers every `proposeRollback` effect with a plan carrying its target and reason.
    static func answer(_ effects: [ConsoleEffect], _ state: inout AppState, isProduction: Bool = true) {
        for case .proposeRollback(let deployment, let version, let reason) in effects {
            let planned = proposal(
                for: deployment,
                target: version ?? "v1.4.1",
                reason: reason,
                isProduction: isProduction
            )
            _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: deployment, .success(planned)))
        }
    }

    @Test func rOpensTheDialogWithCurrentToTargetAndCancelFocused() throws {
        var state = ConsoleFixtures.state()
        _ = Self.press([.character("j"), .character("j")], &state)
        let effects = Self.press([.character("R")], &state)
        #expect(effects == [.proposeRollback(deployment: "vllm-prod-1", version: nil, reason: "")])
        #expect(Self.screen(state).contains("planning the rollback of vllm-prod-1"))
        _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: "vllm-prod-1", .success(Self.proposal())))
        let dialog = try #require(state.rollbackDialog)
        #expect(dialog.focus == .cancel)
        let text = Self.screen(state)
        #expect(text.contains("Roll back vllm-prod-1?"))
        #expect(text.contains("vllm-prod-1 · production"))
        #expect(text.contains("v1.4.2 → v1.4.1"))
        #expect(text.contains("live since"))
        #expect(text.contains("12.5s"), "p95 now")
        #expect(text.contains("1.20s"), "p95 of the target's last hour")
        #expect(text.contains("2.1 %"))
        #expect(text.contains("crit firing · p95 latency 12 s > 10 s for 2m"))
        #expect(text.contains("POST https://deployer.internal/rollback/vllm-prod-1"))
        #expect(text.contains("Authorization: ********"))
        #expect(text.contains("[ Cancel ]"))
        #expect(text.contains("[ Roll back ]"))
        #expect(text.contains("type vllm-prod-1 to confirm (production)"))
        #expect(Self.press([.enter], &state).isEmpty, "Enter on the focused Cancel does nothing but close")
        #expect(state.rollbackDialog == nil)
        #expect(state.flash?.text.contains("cancelled") == true)
    }

    @Test func aWrongTypedNameIsRefusedAndNothingIsPerformed() throws {
        var state = Self.opened()
        // Cancel → (Shift-Tab) the name → the reason.
        _ = Self.press([.backTab, .backTab], &state)
        #expect(state.rollbackDialog?.focus == .reason)
        _ = Self.type("p95 tripled after the deploy", &state)
        Self.answer(Self.press([.tab], &state), &state)
        #expect(state.rollbackDialog?.focus == .name)
        #expect(
            Self.screen(state).contains(#""reason": "p95 tripled after the deploy""#),
            "the request shows the reason"
        )
        _ = Self.type("vllm-prod-2", &state)
        #expect(Self.press([.tab, .tab], &state).isEmpty)
        #expect(state.rollbackDialog?.focus == .confirm)
        #expect(Self.press([.enter], &state).isEmpty, "a wrong name performs nothing")
        let dialog = try #require(state.rollbackDialog, "the dialog stays open")
        #expect(dialog.focus == .name)
        #expect(state.flash?.isError == true)
        #expect(state.flash?.text.contains(#""vllm-prod-2" is not vllm-prod-1: nothing was done"#) == true)
        #expect(Self.screen(state).contains("is not vllm-prod-1: nothing was done"))

        _ = Self.press([.control("u")], &state)
        _ = Self.type("vllm-prod-1", &state)
        _ = Self.press([.tab, .tab], &state)
        let effects = Self.press([.enter], &state)
        let request = try #require(dialog.proposal?.request)
        #expect(
            effects == [
                .rollBack(
                    RollbackConfirmation(
                        deployment: "vllm-prod-1",
                        currentVersion: "v1.4.2",
                        targetVersion: "v1.4.1",
                        reason: "p95 tripled after the deploy",
                        request: request
                    )
                )
            ]
        )
        #expect(state.rollbackDialog == nil)
        #expect(Self.screen(state).contains("rolling back vllm-prod-1 to v1.4.1 …"))
    }

    @Test func rollBackWithoutAReasonIsRefused() {
        var state = Self.opened(proposal: Self.proposal(isProduction: false))
        #expect(
            state.rollbackDialog?.fields == [.target, .reason, .cancel, .confirm],
            "no name to type outside production"
        )
        _ = Self.press([.tab], &state)
        #expect(state.rollbackDialog?.focus == .confirm)
        #expect(Self.press([.enter], &state).isEmpty)
        #expect(state.rollbackDialog?.focus == .reason)
        #expect(state.flash?.text.contains("a rollback needs a reason") == true)
        _ = Self.type("x", &state)
        #expect(state.rollbackDialog?.reason.text == "x", "typing goes to the focused field")
    }

    @Test func typingOnAButtonTypesNothing() {
        var state = Self.opened()
        _ = Self.type("yes", &state)
        #expect(state.rollbackDialog?.reason.text == "")
        #expect(state.rollbackDialog?.typedName.text == "")
        #expect(state.rollbackDialog?.note?.contains("Tab to the reason field") == true)
        _ = Self.press([.escape], &state)
        #expect(state.rollbackDialog == nil, "Esc cancels")
    }

    @Test func upAndDownOnTheTargetLinePickAnotherVersion() throws {
        var state = Self.opened(proposal: Self.proposal(candidates: ["v1.4.1", "v1.3.0", "v1.2.0"]))
        _ = Self.press([.tab, .tab], &state)
        #expect(state.rollbackDialog?.focus == .target)
        #expect(Self.screen(state).contains("↑↓ 1 of 3"))
        let effects = Self.press([.down], &state)
        #expect(effects == [.proposeRollback(deployment: "vllm-prod-1", version: "v1.3.0", reason: "")])
        // A plan for the old target arriving late is ignored.
        let stale = Self.proposal(target: "v1.4.1", candidates: ["v1.4.1", "v1.3.0", "v1.2.0"])
        _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: "vllm-prod-1", .success(stale)))
        #expect(state.rollbackDialog?.isPlanning == true)
        let picked = Self.proposal(target: "v1.3.0", candidates: ["v1.4.1", "v1.3.0", "v1.2.0"])
        _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: "vllm-prod-1", .success(picked)))
        #expect(state.rollbackDialog?.proposal?.target.version == "v1.3.0")
        #expect(Self.screen(state).contains("v1.4.2 → v1.3.0"))
        #expect(Self.screen(state).contains("↑↓ 2 of 3"))
        #expect(
            Self.press([.up], &state) == [.proposeRollback(deployment: "vllm-prod-1", version: "v1.4.1", reason: "")]
        )
    }

    @Test func aDeploymentWithoutAnActionSaysHowToConfigureOneAndOffersOnlyCancel() throws {
        var proposal = Self.proposal()
        proposal.request = nil
        proposal.requestProblem =
            "vllm-prod-1 has no rollback action: add `rollback: {command: [...]}` or `rollback: {http: {url: ...}}`"
        var state = Self.opened(proposal: proposal)
        #expect(state.rollbackDialog?.fields == [.cancel])
        let text = Self.screen(state)
        #expect(text.contains("vllm-prod-1 has no rollback action"))
        #expect(text.contains("[ Cancel ]"))
        #expect(!text.contains("Roll back ]"))
        #expect(!text.contains("required: why"), "no reason field when nothing can be performed")
        _ = Self.press([.tab, .enter], &state)
        #expect(state.rollbackDialog == nil)
    }

    @Test func aPlanThatFailsClosesTheDialogAndSaysWhy() {
        var state = ConsoleFixtures.state()
        state.selectedName = "vllm-prod-1"
        _ = Self.press([.character("R")], &state)
        let error = RollbackError(message: "vllm-prod-1 has served only v1.4.2: there is nothing to roll back to")
        _ = ConsoleReducer.reduce(&state, .rollbackProposed(deployment: "vllm-prod-1", .failure(error)))
        #expect(state.rollbackDialog == nil)
        #expect(state.flash?.text == "cannot roll back vllm-prod-1: \(error.message)")
    }

    @Test func readOnlyRefusesRAndDimsItInHelpAndFooter() throws {
        var state = ConsoleFixtures.state(width: 200, height: 40)
        state.isReadOnly = true
        #expect(Self.press([.character("R")], &state).isEmpty)
        #expect(state.rollbackDialog == nil)
        #expect(state.flash?.text.hasPrefix("read-only: R (roll back the deployment") == true)
        let line = try #require(HelpView.lines(.standard, isReadOnly: true).first { $0.keys == "R" })
        #expect(line.role == .muted)
        #expect(line.summary.contains("(Fleet, Latency, Detail, Alerts)"))
        #expect(line.summary.contains("changes production"))
        let grid = ConsoleView.render(state)
        let footer = TextBackend.render(grid).split(separator: "\n").last.map(String.init) ?? ""
        let column = try #require(
            footer.range(of: "R roll back").map { footer.distance(from: footer.startIndex, to: $0.lowerBound) }
        )
        #expect(grid[column, grid.height - 1].style.attributes.contains(.dim))
        state.isReadOnly = false
        let writable = ConsoleView.render(state)
        #expect(!writable[column, grid.height - 1].style.attributes.contains(.dim))
    }

    @Test func rInTheAlertsPaneRollsBackTheSelectedAlertsDeployment() {
        var state = ConsoleFixtures.state()
        var snapshot = FleetSnapshot(takenAt: Self.now, deployments: ConsoleFixtures.fleet)
        snapshot.alerts = Self.proposal(for: "tgi-prod-2").openAlerts
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        _ = Self.press([.character("5")], &state)
        #expect(
            Self.press([.character("R")], &state) == [
                .proposeRollback(deployment: "tgi-prod-2", version: nil, reason: "")
            ]
        )
        #expect(state.rollbackDialog?.deployment == "tgi-prod-2")
    }

    @Test func progressStaysOnTheStatusLineUntilTheVerification() {
        var state = ConsoleFixtures.state()
        let performed = ConsoleReducer.reduce(
            &state,
            .rollbackProgress(
                .performed(
                    deployment: "vllm-prod-1",
                    outcome: "done",
                    detail: "HTTP 200",
                    verifies: true,
                    auditProblem: nil
                )
            )
        )
        #expect(performed == [.readAgain], "the audit row is read at once")
        _ = ConsoleReducer.reduce(&state, .tick(Self.now + 600_000))
        #expect(Self.screen(state).contains("vllm-prod-1: done (HTTP 200); verifying …"), "kept while verifying")
        _ = ConsoleReducer.reduce(&state, .rollbackProgress(.verifying(deployment: "vllm-prod-1", remaining: 200_000)))
        #expect(Self.screen(state).contains("verifying … (at most 3m more)"))
        _ = ConsoleReducer.reduce(
            &state,
            .rollbackProgress(.verified(deployment: "vllm-prod-1", outcome: "verified", detail: "serves v1.4.1"))
        )
        #expect(Self.screen(state).contains("vllm-prod-1: verified — serves v1.4.1"))
        #expect(state.rollbackStatus?.isError == false)
        _ = ConsoleReducer.reduce(&state, .tick(Self.now + 600_000 + ConsoleReducer.rollbackResultMilliseconds + 1))
        #expect(state.rollbackStatus == nil)
        _ = ConsoleReducer.reduce(
            &state,
            .rollbackProgress(
                .performed(
                    deployment: "vllm-prod-1",
                    outcome: "failed",
                    detail: "HTTP 503",
                    verifies: false,
                    auditProblem: nil
                )
            )
        )
        #expect(state.rollbackStatus?.isError == true)
        #expect(Self.screen(state).contains("vllm-prod-1: failed (HTTP 503)"))
    }

    @Test func quittingWaitsForTheActionSoItIsAudited() {
        var state = Self.opened(proposal: Self.proposal(isProduction: false))
        _ = Self.press([.tab, .tab, .tab], &state)
        _ = Self.type("why", &state)
        Self.answer(Self.press([.tab, .tab], &state), &state, isProduction: false)
        #expect(state.rollbackDialog?.focus == .confirm)
        #expect(Self.press([.enter], &state).count == 1)
        #expect(state.performingRollback == "vllm-prod-1")
        #expect(Self.press([.character("q")], &state).isEmpty)
        #expect(!state.shouldQuit)
        #expect(state.flash?.text.contains("the rollback of vllm-prod-1 is being performed") == true)
        #expect(Self.press([.character("R")], &state).isEmpty, "no second rollback while one runs")
        _ = ConsoleReducer.reduce(
            &state,
            .rollbackProgress(
                .performed(
                    deployment: "vllm-prod-1",
                    outcome: "done",
                    detail: "HTTP 200",
                    verifies: true,
                    auditProblem: nil
                )
            )
        )
        #expect(state.performingRollback == nil)
        #expect(Self.press([.character("q")], &state) == [.quit], "verifying does not hold the console open")
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func theDialogFitsTheScreen(width: Int, height: Int) {
        let state = Self.opened(width: width, height: height)
        let text = Self.screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= width })
        for needed in ["Roll back vllm-prod-1?", "v1.4.2 → v1.4.1", "request", "reason", "type name", "[ Cancel ]"] {
            #expect(text.contains(needed), "\(needed) at \(width)×\(height)")
        }
    }

    @Test func hostileVersionsAndRequestsAreDrawnInert() {
        var proposal = Self.proposal(request: "POST http://x/\u{1B}]52;c;AAAA\u{07}\n\n{\"a\": \"\u{1B}[2J\"}")
        proposal.current.version = "v9\u{1B}[31m-evil\u{202E}"
        let text = Self.screen(Self.opened(proposal: proposal))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains("-evil"))
    }
}
