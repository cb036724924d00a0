import Config
import Testing

/// The one rule `url:`/`metrics_path:` and `llmdeck probe URL [--metrics-path]` share.
struct ServerEndpointsTests {
    @Test(arguments: ["http://10.0.0.5:8000", "http://10.0.0.5:8000/"])
    func aURLWithoutAPathIsTheServerRoot(url: String) {
        let endpoints = ServerEndpoints(url: url)
        #expect(endpoints.baseURL == "http://10.0.0.5:8000")
        #expect(endpoints.metricsURL == "http://10.0.0.5:8000/metrics")
    }

    @Test(arguments: [
        ("http://10.0.0.5:8000/metrics", "http://10.0.0.5:8000"),
        ("http://triton:8002/metrics", "http://triton:8002"),
        ("https://gateway.internal/vllm-a/metrics", "https://gateway.internal"),
        ("http://h:9/federate?match[]=up", "http://h:9"),
    ])
    func aURLWithAPathIsTheMetricsPageAndTheRestIsAskedAtTheRoot(url: String, root: String) {
        let endpoints = ServerEndpoints(url: url)
        #expect(endpoints.metricsURL == url)
        #expect(endpoints.baseURL == root)
    }

    @Test func aMetricsPathMakesTheURLABaseWithItsPrefix() {
        let prefixed = ServerEndpoints(url: "https://gateway.internal/vllm-a/", metricsPath: "/metrics")
        #expect(prefixed.baseURL == "https://gateway.internal/vllm-a")
        #expect(prefixed.metricsURL == "https://gateway.internal/vllm-a/metrics")
        let elsewhere = ServerEndpoints(url: "http://triton:8000", metricsPath: "http://triton:8002/metrics")
        #expect(elsewhere.baseURL == "http://triton:8000")
        #expect(elsewhere.metricsURL == "http://triton:8002/metrics")
    }

    @Test func aConfiguredDeploymentReadsItsURLByTheSameRule() throws {
        let config = try ConfigLoader.parse(
            yaml: """
                deployments:
                  - name: triton
                    url: http://triton:8002/metrics
                  - name: split
                    url: http://triton:8000
                    metrics_path: http://triton:8002/metrics
                """,
            file: "config.yaml",
            environment: ["HOME": "/home/op"]
        )
        #expect(
            config.deployments.map(\.endpoints) == [
                ServerEndpoints(url: "http://triton:8002/metrics"),
                ServerEndpoints(url: "http://triton:8000", metricsPath: "http://triton:8002/metrics"),
            ]
        )
        #expect(config.deployments[0].endpoints.baseURL == "http://triton:8002")
        #expect(config.deployments[1].endpoints.metricsURL == "http://triton:8002/metrics")
    }
}
