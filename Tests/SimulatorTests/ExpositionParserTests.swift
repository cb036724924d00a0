import Exposition
import Foundation
import Testing

@testable import Simulator

/// Every page the simulator serves parses with the project's own exposition parser.
struct ExpositionParserTests {
    private func families(_ url: String) async throws -> [MetricFamily] {
        let response = try await LoopbackClient.get(url + "/metrics")
        let format = ExpositionFormat(contentType: response.header("Content-Type"))
        return try ExpositionParser.parse([UInt8](response.body), format: format)
    }

    @Test func everyKindsPageParsesWithConsistentHistograms() async throws {
        try await withFleet(count: 3, experiments: ExperimentPlan.standard) { servers, _ in
            for server in servers {
                try await eventually("traffic on \(server.name)") {
                    let state = try await LoopbackClient.get(server.url + "/sim/state").json()
                    return ((state["requests"] as? [String: Any])?["total"] as? Double ?? 0) > 20
                }
                for _ in 0..<3 {
                    let parsed = try await families(server.url)
                    #expect(!parsed.isEmpty)
                    for family in parsed where family.type == .histogram {
                        for series in family.histogramSeries() {
                            #expect(series.upperBounds.last == .infinity, "\(family.name)")
                            #expect(series.cumulativeCounts.last == series.count, "\(family.name)")
                            #expect(
                                zip(series.cumulativeCounts, series.cumulativeCounts.dropFirst()).allSatisfy {
                                    $0 <= $1
                                }
                            )
                        }
                    }
                }
            }
            let vllm = try await families(servers[0].url)
            let types = Dictionary(vllm.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            #expect(types["vllm:iteration_tokens_total"] == .histogram)
            #expect(types["vllm:prompt_tokens_total"] == .counter)
            #expect(types["vllm:prompt_tokens_created"] == .gauge)
            #expect(types["llm_prompt_requests_total"] == .counter)
            #expect(types["llm_prompt_latency_seconds"] == .histogram)
            let experiment = try #require(vllm.first { $0.name == "llm_prompt_latency_seconds" })
            let variantCount = ExperimentPlan.standard.map(\.variants.count).reduce(0, +)
            #expect(experiment.histogramSeries().count == variantCount)
            let tgi = try await families(servers[1].url)
            #expect(tgi.first { $0.name == "tgi_request_duration" }?.histogramSeries().first?.upperBounds.count == 36)
            let llama = try await families(servers[2].url)
            #expect(llama.count == 10)
        }
    }

    @Test func hostileModelNameRoundTripsThroughTheParser() async throws {
        try await withFleet(count: 1) { servers, _ in
            let hostile = "m\"} 1\n# EOF\\x\u{202E}"
            let body = try JSONSerialization.data(withJSONObject: ["action": "model_name", "name": hostile])
            _ = try await LoopbackClient.send(servers[0].url + "/sim/control", method: "POST", body: body, timeout: 10)
            let parsed = try await families(servers[0].url)
            let running = try #require(parsed.first { $0.name == "vllm:num_requests_running" })
            #expect(running.samples.first?.labels.first { $0.name == "model_name" }?.value == hostile)
        }
    }
}
