import Analysis
import Fleet
import Terminal
import Testing

@testable import Console

/// `P` and `R` in the Experiments pane through the reducer and the text backend: the dialog
/// opens on the favoured variant with Cancel focused, shows the verdict, the split check and the
/// variant against control, refuses a wrong name, asks for a pick when no variant is favoured,
/// says how to configure a missing action, and read-only refuses both keys.
struct ExperimentActionDialogTests {
    static let now = ConsoleFixtures.now

    static func proposal(
        _ kind: ExperimentActionPlan.Kind = .promote,
        experiment: String = "system-prompt",
        variant: String = "b",
        reason: String = "",
        split: [Double] = [0.5, 0.5],
        request: String? = "POST https://prompts.internal/labels/production\nAuthorization: ********",
        requestProblem: String? = nil
    ) -> ExperimentActionProposal {
        ExperimentActionProposal(
            kind: kind,
            experiment: experiment,
            variant: kind == .promote ? variant : "a",
            control: "a",
            report: ExperimentsPaneTests.report(
                experiment,
                split: split,
                verdict: "b better: +3.0 % success (always-valid p 0.004)",
                tone: .good
            ),
            request: request,
            requestProblem: requestProblem,
            reason: reason
        )
    }

    static func state(
        width: Int = 120,
        height: Int = 40,
        reports: [ExperimentReport] = ExperimentsPaneTests.reports,
        isReadOnly: Bool = false
    ) -> AppState {
        var state = AppState(width: width, height: height, now: now, isReadOnly: isReadOnly)
        var snapshot = FleetSnapshot(takenAt: now, deployments: ConsoleFixtures.fleet)
        snapshot.experiments = reports
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        _ = ConsoleReducer.reduce(&state, .key(.character("4")))
        return state
    }

    static func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    static func press(_ keys: [Key], _ state: inout AppState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleReducer.reduce(&state, .key($0)) }
    }

    static func type(_ text: String, _ state: inout AppState) -> [ConsoleEffect] {
        press(text.map { Key.character($0) }, &state)
    }

    /// Answers every `proposeExperimentAction` effect with a plan carrying its variant and reason.
    static func answer(_ effects: [ConsoleEffect], _ state: inout AppState, request: String? = nil) {
        for case .proposeExperimentAction(let kind, let experiment, let variant, let reason) in effects {
            var planned = proposal(kind, experiment: experiment, variant: variant, reason: reason)
            if let request { planned.request = request + reason }
            _ = ConsoleReducer.reduce(&state, .experimentActionProposed(experiment: experiment, .success(planned)))
        }
    }

    @Test func pOpensOnTheFavouredVariantWithCancelFocused() throws {
        var state = Self.state()
        let effects = Self.press([.character("P")], &state)
        #expect(effects == [.proposeExperimentAction(.promote, experiment: "system-prompt", variant: "b", reason: "")])
        Self.answer(effects, &state)
        let dialog = try #require(state.experimentDialog)
        #expect(dialog.focus == .cancel)
        #expect(dialog.variant == "b")
        let text = Self.screen(state)
        #expect(text.contains("promote b in system-prompt"))
        #expect(text.contains("b better: +3.0 % success"))
        #expect(text.contains("50/50 vs 50/50 expected"))
        #expect(text.contains("88.00 %"), "the variant's success rate")
        #expect(text.contains("85.00 %"), "control's")
        #expect(text.contains("+3.5 %"), "relative difference")
        #expect(text.contains("0.0040"), "always-valid p")
        #expect(text.contains("POST https://prompts.internal/labels/production"))
        #expect(text.contains("Authorization: ********"))
        #expect(text.contains("type system-prompt to confirm"))
        #expect(text.contains("[ Cancel ]"))
        #expect(text.contains("[ Promote ]"))
        #expect(Self.press([.enter], &state).isEmpty, "Enter on the focused Cancel only closes")
        #expect(state.experimentDialog == nil)
        #expect(state.flash?.text.contains("cancelled") == true)
    }

    @Test func aWrongNameIsRefusedAndTheRightOneConfirms() throws {
        var state = Self.state()
        Self.answer(Self.press([.character("P")], &state), &state, request: "POST https://prompts.internal/promote ")
        #expect(state.experimentDialog?.fields == [.reason, .name, .cancel, .confirm])
        _ = Self.press([.tab, .tab], &state)
        #expect(state.experimentDialog?.focus == .reason)
        _ = Self.type("b wins", &state)
        Self.answer(Self.press([.tab], &state), &state, request: "POST https://prompts.internal/promote ")
        _ = Self.type("system-promp", &state)
        _ = Self.press([.tab, .tab], &state)
        #expect(state.experimentDialog?.focus == .confirm)
        let refused = Self.press([.enter], &state)
        #expect(refused.isEmpty, "nothing is performed")
        let dialog = try #require(state.experimentDialog, "the dialog stays open")
        #expect(dialog.focus == .name)
        #expect(dialog.note?.contains("\"system-promp\" is not system-prompt: nothing was done") == true)
        #expect(Self.screen(state).contains("is not system-prompt"))
        _ = Self.type("t", &state)
        _ = Self.press([.tab, .tab], &state)
        let effects = Self.press([.enter], &state)
        #expect(
            effects == [
                .performExperimentAction(
                    ExperimentActionConfirmation(
                        kind: .promote,
                        experiment: "system-prompt",
                        variant: "b",
                        reason: "b wins",
                        request: "POST https://prompts.internal/promote b wins"
                    )
                )
            ]
        )
        #expect(state.experimentDialog == nil)
        #expect(state.rollbackStatus?.text == "promoting b in system-prompt …")
        _ = ConsoleReducer.reduce(
            &state,
            .rollbackProgress(
                .performed(
                    deployment: "system-prompt",
                    outcome: "done",
                    detail: "HTTP 200",
                    verifies: false,
                    auditProblem: nil
                )
            )
        )
        #expect(state.performingRollback == nil)
        #expect(Self.screen(state).contains("system-prompt: done (HTTP 200)"))
    }

    @Test func rRollsTheExperimentBackToControl() throws {
        var state = Self.state()
        let effects = Self.press([.character("R")], &state)
        #expect(effects == [.proposeExperimentAction(.rollback, experiment: "system-prompt", variant: "a", reason: "")])
        Self.answer(effects, &state)
        #expect(state.experimentDialog?.focus == .cancel)
        #expect(state.rollbackDialog == nil, "not the deployment rollback")
        let text = Self.screen(state)
        #expect(text.contains("roll system-prompt back to control (a)"))
        #expect(text.contains("[ Roll back ]"))
    }

    @Test func withNoFavouredVariantTheDialogAsksForAPick() throws {
        var undecided = ExperimentsPaneTests.reports[0]
        undecided.comparisons = undecided.comparisons.map { comparison in
            var comparison = comparison
            comparison.isSignificant = false
            return comparison
        }
        var state = Self.state(reports: [undecided])
        #expect(Self.press([.character("P")], &state).isEmpty, "nothing to plan before a pick")
        let dialog = try #require(state.experimentDialog)
        #expect(dialog.variant == nil)
        #expect(dialog.focus == .target)
        #expect(Self.screen(state).contains("↑↓ pick the variant: b"))
        let effects = Self.press([.down], &state)
        #expect(effects == [.proposeExperimentAction(.promote, experiment: "system-prompt", variant: "b", reason: "")])
        Self.answer(effects, &state)
        #expect(Self.screen(state).contains("promote b in system-prompt"))
    }

    @Test func aBrokenSplitIsFlaggedInTheDialog() throws {
        var state = Self.state()
        _ = Self.press([.character("j")], &state)
        let effects = Self.press([.character("P")], &state)
        for case .proposeExperimentAction(let kind, let experiment, let variant, let reason) in effects {
            let planned = Self.proposal(
                kind,
                experiment: experiment,
                variant: variant,
                reason: reason,
                split: [0.4, 0.6]
            )
            _ = ConsoleReducer.reduce(&state, .experimentActionProposed(experiment: experiment, .success(planned)))
        }
        #expect(state.experimentDialog?.proposal?.hasSampleRatioMismatch == true)
        #expect(Self.screen(state).contains("SAMPLE RATIO MISMATCH 40/60 vs 50/50 expected"))
        #expect(Self.screen(state).contains("promoting on a broken split is a mistake"))
    }

    @Test func noActionConfiguredSaysHowAndOffersOnlyCancel() throws {
        var state = Self.state()
        let effects = Self.press([.character("P")], &state)
        let problem =
            "system-prompt has no promote action: list it under `experiments: list:` with `promote: {command: [...]}`"
        let planned = Self.proposal(request: nil, requestProblem: problem)
        _ = ConsoleReducer.reduce(&state, .experimentActionProposed(experiment: "system-prompt", .success(planned)))
        #expect(!effects.isEmpty)
        #expect(state.experimentDialog?.fields == [.cancel])
        let text = Self.screen(state)
        #expect(text.contains("system-prompt has no promote action"))
        #expect(!text.contains("[ Promote ]"))
        #expect(Self.press([.enter], &state).isEmpty)
        #expect(state.experimentDialog == nil)
    }

    @Test func readOnlyRefusesPAndRInThePaneAndDimsThem() {
        var state = Self.state(isReadOnly: true)
        #expect(Self.press([.character("P")], &state).isEmpty)
        #expect(state.experimentDialog == nil)
        #expect(state.flash?.text.contains("read-only: P (promote a variant") == true)
        #expect(Self.press([.character("R")], &state).isEmpty)
        #expect(state.experimentDialog == nil)
        #expect(state.flash?.text.contains("read-only: R (roll the experiment back to control") == true)
        let help = HelpView.lines(.standard, isReadOnly: true)
        #expect(help.contains { $0.keys == "P" && $0.role == .muted && $0.summary.contains("changes production") })
        #expect(help.contains { $0.keys == "R" && $0.summary.contains("experiment back") && $0.role == .muted })
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func theDialogRendersAtBothSizes(width: Int, height: Int) throws {
        var state = Self.state(width: width, height: height)
        Self.answer(Self.press([.character("P")], &state), &state)
        let text = Self.screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= width })
        #expect(text.contains("promote b in system-prompt"))
        #expect(text.contains("[ Cancel ]"))
        #expect(text.contains("[ Promote ]"))
        #expect(text.contains("b better"))
        if height >= 60 {
            #expect(text.contains("Authorization: ********"))
            #expect(text.contains("type system-prompt to confirm"))
        }
    }
}
