import Exposition
import Foundation
import Testing

@testable import Simulator

/// `llmdeck sim --label-sets`: many deployments as label sets behind a few endpoints, as a Prometheus
/// with `honor_labels` sees a large fleet.
struct LabelSetFleetTests {
    /// Every sample of an endpoint's page, read with the project's own parser.
    private func samples(_ endpoint: LabelSetFleet.Endpoint) async throws -> [MetricFamily] {
        let response = try await LoopbackClient.get(endpoint.url + "/metrics")
        #expect(response.status == 200)
        let format = ExpositionFormat(contentType: response.header("Content-Type"))
        return try ExpositionParser.parse([UInt8](response.body), format: format)
    }

    /// Requests finished per deployment, summed over the finish reasons.
    private func finished(_ families: [MetricFamily]) -> [String: Double] {
        let counter = families.first { $0.name == "vllm:request_success_total" }?.samples ?? []
        return counter.reduce(into: [:]) { totals, sample in
            totals[sample.label("deployment") ?? "", default: 0] += sample.value
        }
    }

    @Test func endpointsServeEveryDeploymentOnceWithAdvancingCounters() async throws {
        let fleet = LabelSetFleet(options: LabelSetOptions(deployments: 30, endpoints: 3, seed: 7, timeScale: 30))
        let endpoints = try await fleet.start()
        do {
            try await check(endpoints)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
        await #expect(throws: (any Error).self) { try await LoopbackClient.get(endpoints[0].url + "/health") }
    }

    private func check(_ endpoints: [LabelSetFleet.Endpoint]) async throws {
        #expect(endpoints.count == 3)
        #expect(endpoints.flatMap(\.deployments) == (1...30).map { String(format: "dep-%05d", $0) })
        var first: [String: Double] = [:]
        for endpoint in endpoints {
            let families = try await samples(endpoint)
            let names = [
                "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
                "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:request_success_total",
                "vllm:time_to_first_token_seconds", "vllm:e2e_request_latency_seconds",
            ]
            #expect(families.map(\.name) == names)
            let all = families.flatMap(\.samples)
            // Each deployment of this endpoint, and only those, with all its series and its labels.
            let byDeployment = Dictionary(grouping: all) { $0.label("deployment") ?? "" }
            #expect(Set(byDeployment.keys) == Set(endpoint.deployments))
            for (deployment, series) in byDeployment {
                #expect(series.count == LabelSetPage.seriesPerDeployment, "\(deployment)")
                #expect(series.allSatisfy { $0.label("env") != nil && $0.label("model_name") != nil })
            }
            for family in families where family.type == .histogram {
                #expect(family.histogramSeries().count == endpoint.deployments.count)
                for series in family.histogramSeries() {
                    #expect(series.upperBounds.last == .infinity)
                    #expect(series.cumulativeCounts.last == series.count)
                    #expect(zip(series.cumulativeCounts, series.cumulativeCounts.dropFirst()).allSatisfy { $0 <= $1 })
                }
            }
            first.merge(finished(families)) { $1 }
        }
        #expect(first.count == 30)
        // Simulated time runs 30× faster: every production deployment soon has more finished requests,
        // and no counter of any deployment ever goes down.
        try await eventually("counters advance on \(endpoints[0].url)") {
            let later = finished(try await samples(endpoints[0]))
            #expect(later.allSatisfy { $0.value >= first[$0.key] ?? .infinity })
            return endpoints[0].deployments.prefix(1).allSatisfy { (later[$0] ?? 0) > (first[$0] ?? 0) }
        }
        let health = try await LoopbackClient.get(endpoints[1].url + "/health")
        #expect(health.status == 200)
    }

    @Test func badOptionsNameTheOptionToFix() {
        #expect(throws: SimulatorError.self) { try LabelSetOptions(deployments: 0).validated() }
        do {
            _ = try LabelSetOptions(deployments: 3, endpoints: 4).validated()
            Issue.record("more endpoints than label sets was accepted")
        } catch {
            #expect(error.message.hasPrefix("--endpoints must be between 1 and 3"))
        }
    }
}
