import Actions
import AlertTestSupport
import Analysis
import Config
import Fleet
import Foundation
import Store
import StoreTestSupport
import TestSupport
import Testing

/// Target selection from the version history, and the auto-rollback guard: it proposes (dry
/// run) or performs the rollback when a critical alert fires soon after a deploy, at most once
/// per deploy (also after a restart), never outside its window, for other severities, or in
/// read-only mode.
struct RollbackGuardTests {
    private let t0: Int64 = 1_796_000_000_000
    private var deployedAt: Int64 { t0 + 3_600_000 }

    private func store(versions: [String]) throws -> (TemporaryStore, Store) {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let records = versions.enumerated().map { index, version in
            VersionRecord(target: "chat-prod", ts: t0 + Int64(index) * 3_600_000, model: "llama", version: version)
        }
        try store.write(
            StoreBatch(
                targets: [
                    TargetRecord(name: "chat-prod", url: "http://127.0.0.1:9", kind: "vllm", environment: "production")
                ],
                versions: records
            )
        )
        return (temporary, store)
    }

    private func deployment(_ mode: GuardConfig.Mode, command: [String] = ["true"]) throws -> DeploymentConfig {
        DeploymentConfig(
            name: "chat-prod",
            url: "http://127.0.0.1:9",
            environment: "production",
            rollback: ActionSpec(
                kind: .command(
                    CommandActionSpec(arguments: try CommandTemplate(parsing: command), passEnvironment: ["PATH"])
                )
            ),
            guard: GuardConfig(afterDeploy: 900, severities: ["critical"], mode: mode)
        )
    }

    private func fire(_ store: Store, value: Double, since: Int64) throws {
        let state = AlertFixtures.firing(AlertRuleSpec.latencyP95, on: "chat-prod", value: value, since: since)
        try AlertFixtures.save([(state, nil)], in: store, at: since)
    }

    private func guardFor(_ store: Store, _ deployment: DeploymentConfig, readOnly: Bool = false) -> RollbackGuard {
        RollbackGuard(
            store: store,
            deployments: [deployment],
            rules: AlertRuleSpec.builtIn,
            settings: ActionSettings(verifyFor: 0),
            readOnly: readOnly,
            environment: ["PATH": "/usr/bin:/bin"],
            log: { _ in }
        )
    }

    @Test func theTargetIsThePreviousVersionOrAServedOneNamed() throws {
        let records = ["v1", "v2", "v1", "v3"].enumerated().map { index, version in
            VersionRecord(target: "chat-prod", ts: t0 + Int64(index) * 1_000, model: "m", version: version)
        }.reversed()
        let history = VersionHistory(deployment: "chat-prod", records: Array(records), now: t0 + 10_000)
        #expect(history.current?.version == "v3")
        #expect(history.candidates.map(\.version) == ["v1", "v2"], "distinct, most recently served first")
        #expect(try history.target(requested: nil).version == "v1")
        #expect(try history.target(requested: "v2").version == "v2")
        #expect(try history.target(requested: "v1").until == t0 + 3_000, "its last stretch of service")
        #expect(throws: RollbackError.self) { try history.target(requested: "v3") }
        let unknown = #expect(throws: RollbackError.self) { try history.target(requested: "v9") }
        #expect(unknown?.message.contains("versions it served before: v1, v2") == true)
        let single = VersionHistory(deployment: "chat-prod", records: [records.last!], now: t0)
        #expect(throws: RollbackError.self) { try single.target(requested: nil) }
        #expect(VersionHistory.revision(of: "chat-rev-12") == "12")
        #expect(VersionHistory.revision(of: "42") == "42")
        #expect(VersionHistory.revision(of: "/models/llama/v1.3.0") == nil)
    }

    @Test func aDryRunGuardProposesOnceAndAuditsIt() throws {
        let (temporary, store) = try store(versions: ["v1", "v2"])
        defer { temporary.remove() }
        let deployment = try deployment(.dryRun)
        try fire(store, value: 12, since: deployedAt + 120_000)
        let plans = guardFor(store, deployment).check(now: deployedAt + 180_000)
        #expect(plans.map(\.target.version) == ["v1"])
        #expect(plans.first?.current.version == "v2")
        let rows = try store.read { view in try view.auditRecords() }
        #expect(rows.map(\.entry.outcome) == ["dry-run"])
        #expect(rows.first?.entry.actor == RollbackGuard.actor)
        #expect(rows.first?.entry.action == RollbackGuard.action)
        #expect(rows.first?.entry.reason.contains("auto-rollback: p95 latency") == true, "\(rows)")
        // The same guard a tick later, and a new one as after a restart: nothing more.
        #expect(guardFor(store, deployment).check(now: deployedAt + 200_000).isEmpty)
        #expect(try store.read { view in try view.auditRecords() }.count == 1)
    }

    @Test func outsideItsWindowForOtherSeveritiesOrReadOnlyTheGuardDoesNothing() throws {
        let (temporary, store) = try store(versions: ["v1", "v2"])
        defer { temporary.remove() }
        let deployment = try deployment(.dryRun)
        try fire(store, value: 7, since: deployedAt + 60_000)  // warning: 5 ≤ 7 < 10
        #expect(guardFor(store, deployment).check(now: deployedAt + 90_000).isEmpty)
        try fire(store, value: 12, since: deployedAt + 1_000_000)  // critical, 16 min after the deploy
        #expect(guardFor(store, deployment).check(now: deployedAt + 1_100_000).isEmpty)
        try fire(store, value: 12, since: deployedAt + 60_000)
        #expect(guardFor(store, deployment, readOnly: true).check(now: deployedAt + 90_000).isEmpty)
        #expect(try store.read { view in try view.auditRecords() }.isEmpty)
        let (single, firstOnly) = try self.store(versions: ["v1"])
        defer { single.remove() }
        try fire(firstOnly, value: 12, since: t0 + 60_000)
        #expect(guardFor(firstOnly, deployment).check(now: t0 + 90_000).isEmpty, "a first sighting is not a deploy")
    }

    @Test func anActingGuardPerformsTheRollbackOnce() async throws {
        let (temporary, store) = try store(versions: ["v1", "v2"])
        defer { temporary.remove() }
        let marker = temporary.directory.path("rolled-back")
        let deployment = try deployment(.act, command: ["sh", "-c", "echo {{target_version}} >> \(marker)"])
        try fire(store, value: 12, since: deployedAt + 120_000)
        let rollbackGuard = guardFor(store, deployment)
        #expect(rollbackGuard.check(now: deployedAt + 180_000).count == 1)
        #expect(rollbackGuard.check(now: deployedAt + 190_000).isEmpty)
        let audited = await waitUntil {
            (try? store.read { view in try view.auditRecords() })?.contains { $0.entry.outcome == "done" } == true
        }
        #expect(audited)
        #expect(guardFor(store, deployment).check(now: deployedAt + 200_000).isEmpty, "after a restart too")
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == "v1\n", "performed exactly once")
        let rows = try store.read { view in try view.auditRecords() }
        #expect(rows.map(\.entry.outcome) == ["done"])
        #expect(rows.first?.entry.actor == "guard")
    }
}
