import Foundation
import TestSupport
import Testing

/// `llmdeck probe` through the real binary: a server's URL and a metrics URL, `--json`, exit codes.
struct ProbeCommandTests {
    /// The `probe --json` document.
    struct Report: Decodable {
        struct Canonical: Decodable {
            var name: String
            var labels: String
            var source: String
            var type: String
            var value: Double
        }

        struct Family: Decodable {
            var name: String
            var type: String
            var samples: Int
        }

        var url: String
        var metricsURL: String
        var kind: String?
        var health: String
        var error: String?
        var model: String?
        var version: String?
        var durationSeconds: Double
        var bytes: Int
        var canonical: [Canonical]
        var families: [Family]

        enum CodingKeys: String, CodingKey {
            case url, kind, health, error, model, version, bytes, canonical, families
            case metricsURL = "metrics_url"
            case durationSeconds = "duration_seconds"
        }
    }

    /// Runs `llmdeck probe --json` with `arguments` and decodes what it printed.
    static func probe(_ arguments: [String]) async throws -> (status: Int32, report: Report) {
        let run = try await CommandRun.llmdeck(["probe", "--json"] + arguments)
        let report = try JSONDecoder().decode(Report.self, from: Data(run.standardOutput.utf8))
        return (run.status, report)
    }

    @Test func aServerURLAndItsMetricsURLProbeTheSameSimulatedServer() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fleet = try await CollectEndToEndTests.startFleet(in: directory, count: 1)
        defer { kill(fleet.simulator.process.processIdentifier, SIGTERM) }
        let yaml = try String(contentsOfFile: fleet.configPath, encoding: .utf8)
        let root = String(try #require(yaml.firstMatch(of: /url: (http:\/\/[0-9.:]+)/)?.output.1))

        for url in [root, root + "/", root + "/metrics"] {
            let (status, report) = try await Self.probe([url])
            #expect(status == 0, "\(url): \(report.error ?? "")")
            #expect(report.health == "up", "\(url)")
            #expect(report.kind == "vllm", "\(url)")
            #expect(report.url == root, "\(url)")
            #expect(report.metricsURL == root + "/metrics", "\(url)")
            // The served model comes from /v1/models, asked at the server's root in every form.
            #expect(report.model == "meta-llama/Llama-3.1-8B-Instruct", "\(url)")
            #expect(report.canonical.contains { $0.name == "llmdeck:requests_total" }, "\(url)")
            #expect(report.families.contains { $0.name == "vllm:e2e_request_latency_seconds" }, "\(url)")
        }
    }

    @Test func aMetricsURLWithAnyPathIsFetchedAsItIsAndTheOtherEndpointsAtTheRoot() async throws {
        let server = try FakeModelServer.triton(metricsPath: "/triton/metrics")
        defer { server.stop() }
        let metricsURL = server.url + "/triton/metrics"

        let (status, report) = try await Self.probe([metricsURL])
        #expect(status == 0, "\(report.error ?? "")")
        #expect(report.health == "up")
        #expect(report.kind == "triton")
        #expect((report.model, report.version) == ("resnet", "1"))
        #expect(report.url == server.url)
        #expect(report.metricsURL == metricsURL)
        #expect(server.askedPaths.contains("/v2/health/ready"))
        #expect(!server.askedPaths.contains { $0.hasPrefix("/triton/metrics/") }, "\(server.askedPaths)")

        // The same page named as a config names it: the URL as a base, the path beside it.
        let split = try await Self.probe([server.url, "--metrics-path", "/triton/metrics"])
        #expect(split.status == 0)
        #expect(split.report.metricsURL == metricsURL)

        let text = try await CommandRun.llmdeck(["probe", metricsURL])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("metrics   \(metricsURL)\n"))
        #expect(text.standardOutput.contains("health    up\n"))
    }

    @Test func exitsOneWhenTheServerIsNotUp() async throws {
        try await LoopbackServer.withRefusingPort { port in
            let (status, report) = try await Self.probe(["http://127.0.0.1:\(port)/metrics"])
            #expect(status == 1)
            #expect(report.health == "down")
            #expect(report.error != nil)
            #expect(report.metricsURL == "http://127.0.0.1:\(port)/metrics")
            let text = try await CommandRun.llmdeck(["probe", "http://127.0.0.1:\(port)"])
            #expect(text.status == 1)
            #expect(text.standardOutput.contains("health    down"))
        }
        let server = try FakeModelServer.triton()
        defer { server.stop() }
        let missing = try await Self.probe([server.url + "/missing", "--kind", "triton"])
        #expect(missing.status == 1)
        #expect(missing.report.health != "up")
        #expect(server.askedPaths.contains("/missing"))
        #expect(!server.askedPaths.contains("/missing/metrics"))
    }

    @Test func aURLThatIsNotHTTPIsAUsageError() async throws {
        let run = try await CommandRun.llmdeck(["probe", "ftp://127.0.0.1:21/metrics"])
        #expect(run.status != 0 && run.status != 1)
        #expect(run.standardError.contains("not an http:// or https:// URL"))
        let path = try await CommandRun.llmdeck(["probe", "http://127.0.0.1:1", "--metrics-path", "metrics"])
        #expect(path.status != 0 && path.status != 1)
        #expect(path.standardError.contains("--metrics-path"))
    }
}
