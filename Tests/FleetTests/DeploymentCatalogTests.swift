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

/// The one lookup behind every rollback: a deployment under `deployments:` first, else one a
/// Prometheus source discovered into the store (its target URL is the source's, credentials
/// stripped), carrying that source's `rollback:` and `guard:`; and the guard acting on a
/// discovered deployment as on a configured one.
struct DeploymentCatalogTests {
    private let t0: Int64 = 1_796_000_000_000
    private var deployedAt: Int64 { t0 + 3_600_000 }

    private func action(_ arguments: [String]) throws -> ActionSpec {
        ActionSpec(
            kind: .command(CommandActionSpec(arguments: try CommandTemplate(parsing: arguments), passEnvironment: []))
        )
    }

    /// A source at `http://reader:s3cret@prometheus:9090` whose deployments roll back with
    /// `deploy-tool undo DEPLOYMENT ENVIRONMENT TARGET`, guarded in dry-run.
    private func source() throws -> PrometheusSourceConfig {
        PrometheusSourceConfig(
            name: "prom",
            url: "http://reader:s3cret@prometheus:9090",
            rollback: try action(["deploy-tool", "undo", "{{deployment}}", "{{environment}}", "{{target_version}}"]),
            guard: GuardConfig()
        )
    }

    /// A store holding a polled `chat-prod`, `fraud` discovered by the source at `http://prometheus:9090`
    /// (v1 then v2), and `orphan` from a source no longer configured.
    private func store() throws -> (TemporaryStore, Store) {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.write(
            StoreBatch(
                targets: [
                    TargetRecord(
                        name: "chat-prod",
                        url: "http://10.0.0.5:8000",
                        kind: "vllm",
                        environment: "production"
                    ),
                    TargetRecord(name: "fraud", url: "http://prometheus:9090", kind: "vllm", environment: "prod-eu"),
                    TargetRecord(name: "orphan", url: "http://old-prometheus:9090", kind: "tgi", environment: "prod"),
                ],
                versions: [
                    VersionRecord(target: "fraud", ts: t0, model: "llama", version: "v1"),
                    VersionRecord(target: "fraud", ts: deployedAt, model: "llama", version: "v2"),
                ]
            )
        )
        return (temporary, store)
    }

    @Test func configuredDeploymentsComeFirstThenThoseASourceDiscovered() throws {
        let (temporary, store) = try store()
        defer { temporary.remove() }
        let configured = DeploymentConfig(
            name: "chat-prod",
            url: "http://10.0.0.5:8000",
            rollback: try action(["undo"])
        )
        let catalog = DeploymentCatalog(deployments: [configured], sources: [try source()])

        #expect(try catalog.deployment(named: "chat-prod", store: store) == configured)
        let fraud = try #require(try catalog.deployment(named: "fraud", store: store))
        #expect(fraud.name == "fraud" && fraud.environment == "prod-eu" && fraud.kind == .vllm)
        #expect(fraud.rollback == (try source()).rollback && fraud.guard == GuardConfig())
        #expect(try catalog.deployment(named: "orphan", store: store) == nil, "no configured source reads it")
        #expect(try catalog.deployment(named: "nobody", store: store) == nil)
        #expect(try catalog.deployment(named: "fraud", store: nil) == nil, "without a store only deployments:")
        #expect(try DeploymentCatalog(deployments: [configured]).deployment(named: "fraud", store: store) == nil)
        // A discovered deployment of a configured name is read from its direct scrape: the config's wins.
        let shadow = DeploymentConfig(name: "fraud", url: "http://10.0.0.9:8000")
        #expect(
            try DeploymentCatalog(deployments: [shadow], sources: [try source()]).deployment(
                named: "fraud",
                store: store
            )
                == shadow
        )
    }

    @Test func aDiscoveredDeploymentsRollbackIsRenderedWithItsOwnNameAndEnvironment() throws {
        let (temporary, store) = try store()
        defer { temporary.remove() }
        let fraud = try #require(
            try DeploymentCatalog(deployments: [], sources: [try source()]).deployment(named: "fraud", store: store)
        )
        let plan = try RollbackPlan.make(
            deployment: fraud,
            requestedVersion: nil,
            actor: "ana",
            reason: "slow",
            store: store,
            rules: AlertRuleSpec.builtIn,
            environment: [:],
            now: deployedAt + 60_000
        )
        #expect(plan.current.version == "v2" && plan.target.version == "v1")
        #expect(plan.isProduction, "prod-eu starts with prod")
        guard case .command(let invocation) = try #require(plan.request).payload else {
            Issue.record("a command was configured")
            return
        }
        #expect(invocation.arguments == ["deploy-tool", "undo", "fraud", "prod-eu", "v1"])
    }

    @Test func theGuardOfASourceProposesTheRollbackOfADiscoveredDeployment() throws {
        let (temporary, store) = try store()
        defer { temporary.remove() }
        let state = AlertFixtures.firing(AlertRuleSpec.latencyP95, on: "fraud", value: 12, since: deployedAt + 120_000)
        try AlertFixtures.save([(state, nil)], in: store, at: deployedAt + 120_000)
        let unguarded = RollbackGuard(
            store: store,
            deployments: [],
            rules: AlertRuleSpec.builtIn,
            settings: ActionSettings(verifyFor: 0),
            readOnly: false,
            log: { _ in }
        )
        #expect(!unguarded.isActive)
        let rollbackGuard = RollbackGuard(
            store: store,
            deployments: [],
            sources: [try source()],
            rules: AlertRuleSpec.builtIn,
            settings: ActionSettings(verifyFor: 0),
            readOnly: false,
            environment: [:],
            log: { _ in }
        )
        #expect(rollbackGuard.isActive)
        let plans = rollbackGuard.check(now: deployedAt + 180_000)
        #expect(plans.map(\.deployment) == ["fraud"])
        #expect(plans.first?.target.version == "v1")
        let rows = try store.read { view in try view.auditRecords() }
        #expect(rows.map(\.entry.outcome) == ["dry-run"])
        #expect(rows.first?.entry.subject == "fraud")
        #expect(rows.first?.entry.request.contains("deploy-tool undo fraud prod-eu v1") == true, "\(rows)")
    }
}
