import Console
import Fleet
import Synchronization
import Terminal
import TestSupport
import Testing

/// The real run loop with a stand-in controller: `R`, the dialog, the plan asked for again with
/// the reason, the confirmation, the progress on the status line, then the Audit pane reading the
/// trail, all through the feed from the controller's tasks.
struct RollbackRunLoopTests {
    /// Plans what `RollbackDialogTests.proposal` describes; performing reports done and verified
    /// and adds one audit row.
    final class StandInRollbacks: RollbackController {
        let confirmations = Mutex<[RollbackConfirmation]>([])

        func propose(
            deployment: String,
            version: String?,
            reason: String
        ) async -> Result<RollbackProposal, RollbackError> {
            .success(RollbackDialogTests.proposal(for: deployment, target: version ?? "v1.4.1", reason: reason))
        }

        func perform(_ confirmation: RollbackConfirmation, report: @escaping @Sendable (RollbackProgress) -> Void) async
        {
            confirmations.withLock { $0.append(confirmation) }
            let name = confirmation.deployment
            report(.performed(deployment: name, outcome: "done", detail: "HTTP 200", verifies: true, auditProblem: nil))
            report(.verifying(deployment: name, remaining: 120_000))
            report(.verified(deployment: name, outcome: "verified", detail: "\(name) serves v1.4.1"))
        }

        func propose(
            _ kind: ExperimentActionPlan.Kind,
            experiment: String,
            variant: String,
            reason: String
        ) async -> Result<ExperimentActionProposal, RollbackError> {
            .success(ExperimentActionDialogTests.proposal(kind, variant: variant, reason: reason))
        }

        func perform(
            _ confirmation: ExperimentActionConfirmation,
            report: @escaping @Sendable (RollbackProgress) -> Void
        ) async {
            report(
                .performed(
                    deployment: confirmation.experiment,
                    outcome: "done",
                    detail: "HTTP 200",
                    verifies: false,
                    auditProblem: nil
                )
            )
        }

        func auditTrail(limit: Int) throws -> [AuditRow] {
            confirmations.withLock { $0 }.enumerated().map { index, confirmation in
                AuditRow(
                    id: Int64(index + 1),
                    time: 0,
                    actor: "ana",
                    action: "rollback",
                    subjectKind: "deployment",
                    subject: confirmation.deployment,
                    fromVersion: confirmation.currentVersion,
                    toVersion: confirmation.targetVersion,
                    reason: confirmation.reason,
                    request: confirmation.request,
                    outcome: "done",
                    status: "HTTP 200",
                    output: nil,
                    evidence: nil,
                    refersTo: nil
                )
            }
        }
    }

    @Test func rollingBackFromTheKeyboardReachesTheControllerAndTheAuditPane() async throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"])
        defer { fixture.remove() }
        let now = fixture.now
        let rollbacks = StandInRollbacks()
        let keys = { (text: String) in text.map { Key.character($0) } }
        let screen = ConsoleAppTests.ScriptedScreen(
            width: 120,
            height: 40,
            steps: [
                ({ $0.contains("Fleet (3)") && $0.contains("vllm-c") }, [.character("R")]),
                (
                    { $0.contains("Roll back vllm-a?") && $0.contains("v1.4.2 → v1.4.1") },
                    [.backTab, .backTab] + keys("slow since the deploy") + [.tab]
                ),
                ({ $0.contains(#""reason": "slow since the deploy""#) }, keys("vllm-a") + [.tab, .tab, .enter]),
                ({ $0.contains("vllm-a: verified — vllm-a serves v1.4.1") }, [.character("6")]),
                ({ $0.contains("Audit (1)") && $0.contains("slow since the deploy") }, [.character("q")]),
            ]
        )
        let app = ConsoleApp(
            options: ConsoleOptions(source: "test"),
            catalog: ThemeCatalog(directories: [TestPaths.packageRoot.appendingPathComponent("themes").path]),
            reader: SnapshotReader(store: fixture.store) { now },
            rollbacks: rollbacks
        )
        try await onOwnThread { try app.run(on: screen) }
        let confirmed = rollbacks.confirmations.withLock { $0 }
        #expect(confirmed.map(\.deployment) == ["vllm-a"])
        #expect(confirmed.first?.reason == "slow since the deploy")
        #expect(confirmed.first?.request.contains(#""reason": "slow since the deploy""#) == true)
        #expect(
            screen.frames.contains { $0.contains("vllm-a: done (HTTP 200); verifying …") || $0.contains("verified") }
        )
        #expect(screen.frames.last?.contains("Audit (1)") == true, "\(screen.frames.last ?? "")")
    }

    @Test func withoutAControllerRSaysTheConsoleCannotRollBack() async throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a"])
        defer { fixture.remove() }
        let now = fixture.now
        let screen = ConsoleAppTests.ScriptedScreen(
            width: 120,
            height: 40,
            steps: [
                ({ $0.contains("Fleet (1)") }, [.character("R")]),
                ({ $0.contains("cannot roll back vllm-a: this console cannot roll back") }, [.character("q")]),
            ]
        )
        let app = ConsoleApp(
            options: ConsoleOptions(source: "test"),
            catalog: ThemeCatalog(directories: [TestPaths.packageRoot.appendingPathComponent("themes").path]),
            reader: SnapshotReader(store: fixture.store) { now }
        )
        try await onOwnThread { try app.run(on: screen) }
        #expect(screen.frames.last?.contains("this console cannot roll back") == true)
    }
}
