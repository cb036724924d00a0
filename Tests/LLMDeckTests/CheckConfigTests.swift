import Foundation
import TestSupport
import Testing

/// `llmdeck check-config` through the real binary: every kind of broken file exits 2 with
/// `file:line:column: message`, a valid one exits 0 and lists its deployments.
struct CheckConfigTests {
    static let brokenConfigs: [(name: String, yaml: String, position: String, message: String)] = [
        (
            "unknown key",
            "deployments:\n  - name: chat-prod\n    url: http://127.0.0.1:8000\n    intervall: 5s\n",
            ":4:5:", "intervall"
        ),
        (
            "bad URL",
            "deployments:\n  - name: chat-prod\n    url: ftp://127.0.0.1:8000\n",
            ":3:10:", "url"
        ),
        (
            "bad duration",
            "deployments:\n  - name: chat-prod\n    url: http://127.0.0.1:8000\n    interval: 5 parsecs\n",
            ":4:15:", "duration"
        ),
        (
            "duplicate name",
            "deployments:\n  - name: chat-prod\n    url: http://127.0.0.1:8000\n"
                + "  - name: chat-prod\n    url: http://127.0.0.1:8001\n",
            ":4:11:", "chat-prod"
        ),
        (
            "YAML syntax",
            "deployments:\n  - name: [chat-prod\n",
            "config.yaml:", "YAML"
        ),
    ]

    @Test(arguments: 0..<brokenConfigs.count)
    func brokenConfigExitsTwoWithPosition(index: Int) async throws {
        let broken = Self.brokenConfigs[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config.yaml")
        try broken.yaml.write(toFile: path, atomically: true, encoding: .utf8)

        let run = try await CommandRun.llmdeck(["check-config", "--config", path])

        #expect(run.status == 2, "\(broken.name): \(run.standardError)")
        #expect(
            run.standardError.contains(path + broken.position) || broken.position == "config.yaml:",
            "\(broken.name): \(run.standardError)"
        )
        #expect(run.standardError.contains(broken.message), "\(broken.name): \(run.standardError)")
        #expect(run.standardOutput.isEmpty, "\(broken.name): nothing is printed as if valid")
    }

    @Test func missingExplicitConfigIsAnError() async throws {
        let run = try await CommandRun.llmdeck(["check-config", "--config", "/nonexistent/llmdeck.yaml"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("/nonexistent/llmdeck.yaml"))
    }

    /// `llmdeck check-config` on a file holding `yaml` and then `store: { path: … }` in a temporary
    /// directory, with `--db` naming a file there when `database` is given.
    private func checkConfig(_ yaml: String, database: String? = nil) async throws -> CommandRun {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config.yaml")
        try (yaml + "store: { path: \(directory.path("deck.sqlite")) }\n").write(
            toFile: path,
            atomically: true,
            encoding: .utf8
        )
        let databaseArguments = database.map { ["--db", directory.path($0)] } ?? []
        return try await CommandRun.llmdeck(["check-config", "--config", path] + databaseArguments)
    }

    @Test func validConfigListsDeployments() async throws {
        let run = try await checkConfig(
            """
            deployments:
              - name: chat-prod
                url: http://127.0.0.1:8000
                kind: vllm
                environment: production
                interval: 5s
              - name: code-canary
                url: http://127.0.0.1:8001

            """,
            database: "other.sqlite"
        )

        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("2 deployment(s)"))
        #expect(run.standardOutput.contains("chat-prod"))
        #expect(run.standardOutput.contains("kind=auto"))
        #expect(run.standardOutput.contains("other.sqlite"), "--db overrides store.path")
    }

    @Test func validConfigListsSourcesAfterTheDeploymentsWithoutCredentials() async throws {
        let run = try await checkConfig(
            """
            deployments:
              - name: chat-prod
                url: http://127.0.0.1:8000
              - name: code-prod
                url: http://scraper:hunter2@10.0.0.7:8000/v1
                metrics_path: /internal/metrics
            sources:
              - prometheus: { url: https://reader:s3cret@thanos.internal/prometheus, interval: 30s }
                discover: 'up{job=~"vllm|tgi"}'
                deployment_label: model_name
              - alertmanager: { url: http://alertmanager:9093 }
            alerts: { push_to: alertmanager }

            """
        )

        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("2 deployment(s), 2 source(s)") == true, "\(run.standardOutput)")
        #expect(
            lines.dropFirst()
                == [
                    "  chat-prod  http://127.0.0.1:8000  kind=auto  env=production  every 5s",
                    "  code-prod  http://<redacted>@10.0.0.7:8000/v1  metrics=http://<redacted>@10.0.0.7:8000/v1/internal/metrics"
                        + "  kind=auto  env=production  every 5s",
                    "  prometheus source thanos.internal  https://<redacted>@thanos.internal/prometheus  every 30s"
                        + #"  discover up{job=~"vllm|tgi"}"#,
                    "  alertmanager source alertmanager:9093  http://alertmanager:9093  every 15s",
                ]
        )
        #expect(!run.standardOutput.contains("s3cret") && !run.standardOutput.contains("hunter2"))
    }

    @Test func aSourcesRollbackGuardAndHistogramBatchAreShownUnderIt() async throws {
        let run = try await checkConfig(
            """
            sources:
              - prometheus: { url: http://prometheus:9090 }
                rollback: { command: [kubectl, rollout, undo, "deployment/{{deployment}}", -n, "{{environment}}"] }
                guard: { after_deploy: 10m, mode: act }
              - prometheus: { url: http://thanos:9090, histogram_batch: 1000 }
                rollback: { http: { url: "https://deployer.internal/rollback/{{deployment}}" } }

            """
        )

        #expect(run.status == 0, "\(run.standardError)")
        #expect(
            run.standardOutput.split(separator: "\n").dropFirst().map(String.init) == [
                "  prometheus source prometheus:9090  http://prometheus:9090  every 15s  discover up",
                "    rollback of each deployment it discovers: command kubectl rollout undo deployment/{{deployment}} "
                    + "-n {{environment}}",
                "    guard act within 10m of a deploy, on critical",
                "  prometheus source thanos:9090  http://thanos:9090  every 15s  discover up",
                "    latency histograms in turns: at most 1000 deployments' a tick "
                    + "(a deployment's latency windows are at least its turn)",
                "    rollback of each deployment it discovers: POST https://deployer.internal/rollback/{{deployment}}",
            ],
            "\(run.standardOutput)"
        )
    }
}
