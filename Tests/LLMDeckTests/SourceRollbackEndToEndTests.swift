import Foundation
import PrometheusTestSupport
import TestSupport
import Testing

/// A deployment llmdeck only knows through a Prometheus source, rolled back from the command line
/// with the source's `rollback:`, all real processes: `llmdeck sim` serves a vLLM server, the real
/// Prometheus scrapes it with its deployment and version as target labels, `llmdeck collect` reads it
/// through the source (`version_label: version`). A deploy is the version label changing (Prometheus
/// reloads its configuration); the rollback runs the committed `deploy-tool` script, which records
/// its arguments, and once it has, the label goes back as a deployment tool would make it.
@Suite(.serialized)
struct SourceRollbackEndToEndTests {
    private struct Plan: Decodable {
        struct Verification: Decodable {
            var outcome: String
        }

        var deployment: String
        var environment: String
        var from: String
        var to: String
        var outcome: String?
        var verification: Verification?
    }

    /// Prometheus scraping `address` every second as `deployment: name`, `version: version`.
    private static func scrapeConfig(name: String, address: String, version: String) -> String {
        PrometheusProcess.scrapeConfig(
            job: "sim",
            interval: 1,
            targets: [(address, ["deployment": name, "version": version])]
        )
    }

    /// Serves `version` from now on: the scrape configuration rewritten, and Prometheus told to reload it.
    private static func label(
        _ prometheus: ServerProcess,
        name: String,
        address: String,
        version: String
    ) throws {
        try scrapeConfig(name: name, address: address, version: version).write(
            toFile: prometheus.directory.path("prometheus.yml"),
            atomically: true,
            encoding: .utf8
        )
        kill(prometheus.process.processIdentifier, SIGHUP)
    }

    @Test(
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus (Debian package prometheus)"),
        .timeLimit(.minutes(5))
    )
    func aDiscoveredDeploymentIsRolledBackWithItsSourcesAction() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = freePortBase(count: 1)
        let common = ["--count", "1", "--base-port", "\(base)", "--scenario", "none", "--rate", "10"]
        let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + common)
        try #require(printed.status == 0, "\(printed.standardError)")
        let server = try #require(PrometheusSourceEndToEndTests.deployments(printed.standardOutput).first)
        try #require(printed.standardOutput.contains("kind: vllm"), "\(printed.standardOutput)")
        let simulator = try BackgroundProcess(
            llmdeck: ["sim"] + common + ["--experiment", "none"],
            in: directory,
            name: "sim"
        )
        defer { kill(simulator.process.processIdentifier, SIGTERM) }
        try #require(await waitUntil { simulator.output.contains("serving") }, "\(simulator.output)")

        let prometheus = try await PrometheusProcess.start(
            configuration: Self.scrapeConfig(name: server.name, address: server.address, version: "v1")
        )
        let record = directory.path("deploy-tool.args")
        let tool = TestPaths.fixtures.appendingPathComponent("actions/deploy-tool").path
        let config = directory.path("llmdeck.yaml")
        try """
        sources:
          - prometheus: { url: "\(prometheus.url)", interval: 1s, scrape_interval: 1s, timeout: 5s }
            discover: 'up{job="sim"}'
            version_label: version
            rollback:
              command: ["\(tool)", rollback, "{{deployment}}", "{{environment}}", "{{current_version}}",
                        "{{target_version}}", "{{actor}}", "{{reason}}"]
              env: { RECORD: "\(record)" }
              pass_env: []
        store:
          path: "\(directory.path("deck.sqlite"))"

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let collector = try BackgroundProcess(llmdeck: ["collect", "--config", config], in: directory, name: "collect")
        defer { kill(collector.process.processIdentifier, SIGTERM) }
        do {
            try await rollBack(server, prometheus: prometheus, config: config, record: record)
        } catch {
            Issue.record("collector said:\n\(collector.output.suffix(2000))")
            await prometheus.stop()
            throw error
        }
        await prometheus.stop()
    }

    private func rollBack(
        _ server: (name: String, address: String),
        prometheus: ServerProcess,
        config: String,
        record: String
    ) async throws {
        let rollback = { (arguments: [String]) in
            try await CommandRun.llmdeck(["rollback"] + arguments + ["--config", config, "--actor", "oncall-ana"])
        }
        // Discovered with its first version: found through the source, nothing to roll back to yet.
        try #require(
            await waitUntilAsync(attempts: 600) {
                try await rollback([server.name, "--reason", "r", "--dry-run"]).standardError.contains("served only")
            },
            "the source never recorded \(server.name)'s version"
        )
        let unknown = try await rollback(["nobody", "--reason", "r", "--dry-run"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no deployment nobody in the configuration"), "\(unknown.standardError)")
        // The first version serves a while: verification compares with its last hour of service.
        try await Task.sleep(for: .seconds(10))
        try Self.label(prometheus, name: server.name, address: server.address, version: "v2")
        var planned: CommandRun?
        try #require(
            await waitUntilAsync(attempts: 600) {
                planned = try await rollback([server.name, "--reason", "r", "--dry-run", "--json"])
                return planned?.status == 0
            },
            "the deploy of v2 never reached the store: \(planned?.standardError ?? "")"
        )
        let plan = try JSONDecoder().decode(Plan.self, from: Data(try #require(planned).standardOutput.utf8))
        #expect(plan.deployment == server.name && plan.environment == "prod")
        #expect(plan.from == "v2" && plan.to == "v1", "the target is the previous version")
        #expect(!FileManager.default.fileExists(atPath: record), "a dry run runs nothing")

        async let performed = rollback([
            server.name, "--reason", "p95 doubled after v2", "--yes", "--json", "--verify-for", "3m",
        ])
        // The deployment tool did its work: the version label goes back.
        let ran = await waitUntil(attempts: 1_200) { FileManager.default.fileExists(atPath: record) }
        if ran { try Self.label(prometheus, name: server.name, address: server.address, version: "v1") }
        let done = try await performed
        try #require(ran, "the action never ran: \(done.standardOutput) \(done.standardError)")
        let result = try JSONDecoder().decode(Plan.self, from: Data(done.standardOutput.utf8))
        #expect(result.outcome == "done", "\(done.standardOutput)")
        #expect(result.verification?.outcome == "verified", "\(done.standardOutput)")
        #expect(done.status == 0, "\(done.standardError)")
        let arguments = try Data(contentsOf: URL(fileURLWithPath: record)).split(separator: 0).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(arguments == ["rollback", server.name, "prod", "v2", "v1", "oncall-ana", "p95 doubled after v2"])

        let audit = try await CommandRun.llmdeck(["audit", "--json", "--config", config])
        let rows = try AuditListing.rows(audit)
        #expect(rows.map(\.outcome) == ["done", "verified"], "\(audit.standardOutput)")
        #expect(rows.allSatisfy { $0.subject == server.name && $0.actor == "oncall-ana" })
        #expect(rows.first.map { [$0.from_version, $0.to_version] } == ["v2", "v1"])
        #expect(rows.first?.reason == "p95 doubled after v2")
    }
}
