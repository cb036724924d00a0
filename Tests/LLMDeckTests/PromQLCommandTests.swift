import Foundation
import TestSupport
import Testing

/// `llmdeck promql`: what it prints is what the README lists, and it follows the configuration.
struct PromQLCommandTests {
    func promql(_ config: String, _ arguments: [String] = []) async throws -> CommandRun {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config.yaml")
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try await CommandRun.llmdeck(["promql", "--config", path] + arguments)
    }

    @Test func theReadmeListsExactlyWhatATickSends() async throws {
        let run = try await promql("deployments: []\n")
        #expect(run.status == 0, "\(run.standardError)")
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- llmdeck promql: begin -->\n```promql\n"))
        let end = try #require(readme.range(of: "\n```\n<!-- llmdeck promql: end -->"))
        let listed = String(readme[begin.upperBound..<end.lowerBound])
        #expect(
            listed == run.standardOutput.trimmingCharacters(in: .newlines),
            "update the README from `llmdeck promql`"
        )
        let queries = run.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(queries.count <= 20, "a tick stays within 20 queries")
    }

    @Test func theConfigurationsLabelsAndFilterAreUsed() async throws {
        let run = try await promql(
            """
            sources:
              - prometheus: { url: "http://prom:9090" }
                discover: 'up{job=~"vllm|tgi"}'
                deployment_label: model_name
                environment_label: env
            """
        )
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains(#"avg by (model_name, env) (up{job=~"vllm|tgi"})"#))
        #expect(run.standardOutput.contains(#"sum by (model_name, env) (vllm:num_requests_running{job=~"vllm|tgi"}"#))
        #expect(!run.standardOutput.contains("by (deployment"))

        let dashboard = try await promql("deployments: []\n", ["--dashboard"])
        #expect(dashboard.standardOutput.contains("# tgi e2e_latency_p95 (seconds)"))
        #expect(
            dashboard.standardOutput.contains(
                "histogram_quantile(0.95, sum by (le, deployment) (rate(tgi_request_duration_bucket[1m])))"
            )
        )

        let unknown = try await promql("deployments: []\n", ["--source", "nope"])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("no Prometheus source named nope"))
    }
}
