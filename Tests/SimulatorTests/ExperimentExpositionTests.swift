import Exposition
import Foundation
import Testing

@testable import Simulator

/// The experiment families on real vLLM pages over loopback, and the ground truth they must sum to.
struct ExperimentExpositionTests {
    /// Family name → (type, HELP text) as the application's `prometheus_client` declares them.
    static let families: [String: (type: MetricType, help: String)] = [
        "llm_prompt_requests_total": (.counter, "Requests served per prompt variant and outcome."),
        "llm_prompt_latency_seconds": (.histogram, "End-to-end latency per prompt variant in seconds."),
        "llm_prompt_tokens_total": (.counter, "Tokens per prompt variant and direction."),
        "llm_prompt_cost_dollars_total": (.counter, "Cost per prompt variant in dollars."),
        "llm_prompt_feedback_total": (.counter, "User feedback per prompt variant."),
        "llm_prompt_score": (.histogram, "Quality score (0 to 1) per prompt variant."),
    ]

    /// Waits until every variant of every experiment has requests on every replica.
    static func waitForExperimentTraffic(_ servers: [SimulatedServer]) async throws {
        for server in servers where server.kind == .vllm {
            try await eventually("experiment traffic on \(server.name)") {
                let state = try await LoopbackClient.get(server.url + "/sim/state").json()
                let experiments = state["experiments"] as? [[String: Any]] ?? []
                let requests = experiments.flatMap { $0["variants"] as? [[String: Any]] ?? [] }.map {
                    $0["requests"] as? Int ?? 0
                }
                return !requests.isEmpty && requests.allSatisfy { $0 > 10 }
            }
        }
    }

    static func experimentTruth(_ url: String) async throws -> [ExperimentTruth] {
        let body = try await LoopbackClient.get(url + "/sim/experiments").body
        return try #require(try JSONDecoder().decode([String: [ExperimentTruth]].self, from: body)["experiments"])
    }

    @Test func everyExperimentFamilyParsesWithItsTypeHelpAndSeries() async throws {
        try await withFleet(count: 6, timeScale: 10, experiments: ExperimentPlan.standard) { servers, _ in
            try await Self.waitForExperimentTraffic(servers)
            let page = try await LoopbackClient.get(servers[0].url + "/metrics").text
            let parsed = try ExpositionParser.parse(page, format: .prometheusText)
            let byName = Dictionary(parsed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for (name, expected) in Self.families {
                let family = try #require(byName[name], "\(name)")
                #expect(family.type == expected.type, "\(name)")
                #expect(page.contains("# HELP \(name) \(expected.help)\n# TYPE \(name) \(expected.type.rawValue)\n"))
                let created = name.hasSuffix("_total") ? String(name.dropLast(6)) + "_created" : name + "_created"
                #expect(byName[created]?.type == .gauge, "\(created)")
                #expect(page.contains("# HELP \(created) \(expected.help)\n# TYPE \(created) gauge\n"))
            }
            let samples = try PageSamples.parse(page)
            try checkHistograms(samples)
            for plan in ExperimentPlan.standard {
                for variant in plan.variants {
                    let labels = ["experiment": plan.name, "variant": variant.name]
                    for (name, key, values) in [
                        ("llm_prompt_requests_total", "outcome", ["success", "failure"]),
                        ("llm_prompt_tokens_total", "direction", ["prompt", "completion"]),
                        ("llm_prompt_feedback_total", "feedback", ["positive", "negative"]),
                    ] {
                        for value in values {
                            #expect(samples.value(name, labels.merging([key: value]) { $1 }) != nil, "\(name) \(value)")
                        }
                    }
                    let cost = samples.value("llm_prompt_cost_dollars_total", labels)
                    #expect((cost != nil) == (plan.pricing != nil), "cost of \(plan.name)")
                    let score = samples.named("llm_prompt_score_bucket").filter { $0.labels["variant"] == variant.name }
                    #expect(score.map { $0.labels["le"] ?? "" } == (plan.exportsScore ? Self.scoreBounds : []))
                    #expect(samples.value("llm_prompt_latency_seconds_created", labels) != nil)
                }
            }
            let tgiPage = try await LoopbackClient.get(servers[1].url + "/metrics").text
            #expect(!tgiPage.contains("llm_prompt"))
        }
    }

    static let scoreBounds = ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1.0", "+Inf"]

    /// With the fleet paused, each experiment's exported counters summed over its replicas equal
    /// `GET /sim/experiments` (from any server) and `FleetSimulator.experimentTruth()`, and each replica's
    /// `/sim/state` holds its own non-zero part.
    @Test func sumsAcrossReplicasEqualTheGroundTruth() async throws {
        try await withFleet(count: 6, timeScale: 10, experiments: ExperimentPlan.standard) { servers, fleet in
            try await Self.waitForExperimentTraffic(servers)
            for server in servers { try await fleet.control(.pause, server: server.name) }
            let truth = try await Self.experimentTruth(servers[1].url)
            #expect(truth == (await fleet.experimentTruth()))
            #expect(truth.map(\.name) == ExperimentPlan.standard.map(\.name))
            var pages: [[PageSample]] = []
            for server in servers where server.kind == .vllm {
                pages.append(try PageSamples.parse(try await LoopbackClient.get(server.url + "/metrics").text))
            }
            #expect(pages.count == 2)
            func summed(_ name: String, _ labels: [String: String]) -> Double {
                pages.compactMap { $0.value(name, labels) }.reduce(0, +)
            }
            for experiment in truth {
                #expect(experiment.servers == ["chat-prod", "search-prod"])
                for variant in experiment.variants {
                    let labels = ["experiment": experiment.name, "variant": variant.name]
                    let outcome = { (value: String) in labels.merging(["outcome": value]) { $1 } }
                    #expect(summed("llm_prompt_requests_total", outcome("success")) == Double(variant.successes))
                    #expect(summed("llm_prompt_requests_total", outcome("failure")) == Double(variant.failures))
                    #expect(summed("llm_prompt_latency_seconds_count", labels) == Double(variant.requests))
                    let prompt = labels.merging(["direction": "prompt"]) { $1 }
                    #expect(summed("llm_prompt_tokens_total", prompt) == Double(variant.promptTokens))
                    let positive = labels.merging(["feedback": "positive"]) { $1 }
                    #expect(summed("llm_prompt_feedback_total", positive) == Double(variant.positiveFeedback))
                    if let dollars = variant.costDollars {
                        #expect(abs(summed("llm_prompt_cost_dollars_total", labels) - dollars) <= 1e-12 * dollars)
                    }
                    if let score = variant.score {
                        #expect(summed("llm_prompt_score_count", labels) == Double(score.count))
                    }
                    #expect(pages.allSatisfy { ($0.value("llm_prompt_latency_seconds_count", labels) ?? 0) > 0 })
                }
            }
            var parts: [String: Int] = [:]
            for server in servers where server.kind == .vllm {
                let state = try await LoopbackClient.get(server.url + "/sim/state").json()
                for experiment in state["experiments"] as? [[String: Any]] ?? [] {
                    #expect(experiment["servers"] as? [String] == [server.name])
                    for variant in experiment["variants"] as? [[String: Any]] ?? [] {
                        parts["\(experiment["name"] ?? "")/\(variant["name"] ?? "")", default: 0] +=
                            variant["successes"] as? Int ?? 0
                    }
                }
            }
            for experiment in truth {
                for variant in experiment.variants {
                    #expect(parts["\(experiment.name)/\(variant.name)"] == variant.successes)
                }
            }
        }
    }

    /// A plan without cost or score: the families keep their HELP and TYPE lines with no series and no
    /// `_created` family, as `prometheus_client` prints a labeled metric that has no children; no plans at
    /// all: no experiment family.
    @Test func familiesWithoutSeriesKeepOnlyTheirHeaders() async throws {
        let plan = try ExperimentPlan(parsing: "bare:variants=a,b;rate=20")
        try await withFleet(count: 1, experiments: [plan]) { servers, _ in
            try await Self.waitForExperimentTraffic(servers)
            let page = try await LoopbackClient.get(servers[0].url + "/metrics").text
            #expect(page.contains("# TYPE llm_prompt_cost_dollars_total counter\n# HELP llm_prompt_feedback_total"))
            #expect(
                page.contains("# TYPE llm_prompt_score histogram\n")
                    && page.hasSuffix("# TYPE llm_prompt_score histogram\n")
            )
            #expect(!page.contains("llm_prompt_cost_dollars_created") && !page.contains("llm_prompt_score_created"))
            let parsed = try ExpositionParser.parse(page, format: .prometheusText)
            #expect(parsed.first { $0.name == "llm_prompt_cost_dollars_total" }?.samples.isEmpty == true)
        }
        try await withFleet(count: 1, experiments: []) { servers, _ in
            let page = try await LoopbackClient.get(servers[0].url + "/metrics").text
            #expect(!page.contains("llm_prompt"))
            let truth = try await Self.experimentTruth(servers[0].url)
            #expect(truth.isEmpty)
        }
    }
}
