import Fleet
import Foundation
import Terminal
import TestSupport
import Testing

@testable import Console

/// `llmdeck status --json` (the real binary) and the console's Fleet pane show the same numbers
/// for the same store and window: both come from `DeploymentStatus`, computed once in the read
/// model.
struct StatusAgreementTests {
    private struct Document: Decodable {
        var deployments: [Deployment]
    }

    private struct Deployment: Decodable {
        var name: String
        var health: String?
        var requestsPerSecond: Double?
        var errorRatio: Double?
        var latencySeconds: Quantiles
        var ttftSeconds: Quantiles
        var tokensPerSecond: Double?
        var kvCacheUsage: Double?

        enum CodingKeys: String, CodingKey {
            case name, health
            case requestsPerSecond = "requests_per_second"
            case errorRatio = "error_ratio"
            case latencySeconds = "latency_seconds"
            case ttftSeconds = "ttft_seconds"
            case tokensPerSecond = "tokens_per_second"
            case kvCacheUsage = "kv_cache_usage"
        }
    }

    private struct Quantiles: Decodable {
        var p50: Double?
        var p95: Double?
        var p99: Double?
    }

    @Test func statusJSONAndTheFleetPaneAgreeOnTheSameStore() async throws {
        // Data from 20 s to 5 s ago: inside the 1-minute window of both reads as long as they
        // happen within 40 s (a loaded machine runs the binary slowly), so both see the same rows.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"], history: 20_000, now: now - 5_000)
        defer { fixture.remove() }
        let run = try await CommandRun.llmdeck(["status", "--json", "--window", "1m", "--db", fixture.store.path])
        #expect(run.status == 0, "\(run.standardError)")
        let document = try JSONDecoder().decode(Document.self, from: Data(run.standardOutput.utf8))
        #expect(document.deployments.map(\.name) == ["vllm-a", "vllm-b", "vllm-c"])
        #expect(run.standardOutput.contains("\"cost_per_hour\":null"), "no pricing configured: null, not absent")

        let readAt = Int64(Date().timeIntervalSince1970 * 1000)
        let reader = SnapshotReader(store: fixture.store, statusWindow: 60_000) { readAt }
        var state = AppState(width: 200, height: 60, now: readAt)
        _ = ConsoleReducer.reduce(&state, .snapshot(reader.read(ConsoleRegistry.standard.readRequest(for: state))))
        let lines = TextBackend.render(ConsoleView.render(state)).split(separator: "\n").map(String.init)
        for deployment in document.deployments {
            let row = try #require(lines.dropFirst(2).first { $0.contains(deployment.name) })
            let cells = row.split(separator: " ").map(String.init)
            let expected = [
                deployment.health ?? "?",
                ValueFormat.number(deployment.requestsPerSecond),
                ValueFormat.percent(deployment.errorRatio),
                ValueFormat.seconds(deployment.latencySeconds.p50),
                ValueFormat.seconds(deployment.latencySeconds.p95),
                ValueFormat.seconds(deployment.latencySeconds.p99),
                ValueFormat.seconds(deployment.ttftSeconds.p95),
                ValueFormat.number(deployment.tokensPerSecond),
            ]
            for text in expected { #expect(cells.contains(text), "\(text) in \(row)") }
            let shown = try #require(state.snapshot?.deployments.first { $0.name == deployment.name })
            #expect(shown.requestsPerSecond == deployment.requestsPerSecond)
            // The same histogram summed in another order: equal to the last bits.
            let p95 = try #require(deployment.latencySeconds.p95)
            #expect(abs((shown.latencySeconds.p95 ?? 0) - p95) <= 1e-12 * p95)
            #expect(shown.kvCacheUsage == deployment.kvCacheUsage)
        }
    }
}
