import Foundation
import Testing

@testable import Simulator

/// Starts a real fleet on ephemeral loopback ports, runs `body`, and stops it. Experiments are off unless
/// asked for: their traffic triples a vLLM server's load, which the fault tests do not need.
func withFleet(
    count: Int = 3,
    basePort: Int = 0,
    timeScale: Double = 30,
    scenario: Scenario = .none,
    experiments: [ExperimentPlan] = [],
    _ body: ([SimulatedServer], FleetSimulator) async throws -> Void
) async throws {
    let options = SimulatorOptions(
        count: count,
        basePort: basePort,
        seed: 5,
        requestsPerSecond: 10,
        scenario: scenario,
        timeScale: timeScale,
        experiments: experiments
    )
    let fleet = FleetSimulator(options: options)
    let servers = try await fleet.start()
    do {
        try await body(servers, fleet)
    } catch {
        await fleet.stop()
        throw error
    }
    await fleet.stop()
}

/// Polls `condition` until it holds; fails the test after `attempts` tries (it never measures time).
func eventually(_ what: String, attempts: Int = 300, _ condition: () async throws -> Bool) async throws {
    for _ in 0..<attempts {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("never happened: \(what)")
}

struct FleetFormatTests {
    @Test func vllmPageHasPrometheusClientLayout() async throws {
        try await withFleet { servers, _ in
            let vllm = servers[0]
            #expect(vllm.kind == .vllm && vllm.name == "chat-prod" && vllm.port > 0)
            try await eventually("traffic on \(vllm.name)") {
                let page = try await LoopbackClient.get(vllm.url + "/metrics").text
                return (try PageSamples.parse(page).value("vllm:e2e_request_latency_seconds_count") ?? 0) > 5
            }
            let response = try await LoopbackClient.get(vllm.url + "/metrics")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            let page = response.text
            let samples = try PageSamples.parse(page)
            #expect(page.contains("# TYPE vllm:prompt_tokens_total counter\n"))
            #expect(page.contains("# TYPE vllm:prompt_tokens_created gauge\n"))
            #expect(page.contains("# TYPE vllm:iteration_tokens_total histogram\n"))
            #expect(page.contains("# TYPE vllm:iteration_tokens_total_created gauge\n"))
            #expect(!page.contains("\n\n"))
            for sample in samples {
                #expect(sample.labelOrder == sample.labelOrder.sorted(), "labels sorted: \(sample.name)")
                if sample.value.isFinite && sample.value == sample.value.rounded() && abs(sample.value) < 1e6 {
                    #expect(sample.valueText.hasSuffix(".0"), "Go-style float: \(sample.name) \(sample.valueText)")
                }
            }
            let bucket = try #require(samples.named("vllm:e2e_request_latency_seconds_bucket").first)
            #expect(bucket.labelOrder == ["engine", "le", "model_name"])
            #expect(bucket.labels["le"] == "0.3")
            #expect(samples.contains { $0.labels["le"] == "7680.0" })
            #expect(samples.value("vllm:request_success_total", ["finished_reason": "repetition"]) == 0)
            for reason in ["stop", "length", "abort", "error", "repetition"] {
                #expect(samples.value("vllm:request_success_total", ["finished_reason": reason]) != nil)
            }
            try checkHistograms(samples)
            let created = try #require(samples.value("vllm:prompt_tokens_created"))
            #expect(abs(created - Date().timeIntervalSince1970) < 3600)
        }
    }

    @Test func experimentSeriesExistOnVLLMServers() async throws {
        try await withFleet(experiments: ExperimentPlan.standard) { servers, _ in
            let page = try await LoopbackClient.get(servers[0].url + "/metrics").text
            let samples = try PageSamples.parse(page)
            for variant in ["a", "b"] {
                for outcome in ["success", "failure"] {
                    let labels = ["experiment": "system-prompt", "variant": variant, "outcome": outcome]
                    #expect(samples.value("llm_prompt_requests_total", labels) != nil)
                }
                #expect(samples.value("llm_prompt_latency_seconds_count", ["variant": variant]) != nil)
                #expect(samples.value("llm_prompt_latency_seconds_bucket", ["variant": variant, "le": "+Inf"]) != nil)
            }
            #expect(page.contains("# TYPE llm_prompt_requests_total counter\n"))
            #expect(page.contains("# TYPE llm_prompt_latency_seconds histogram\n"))
            let tgiPage = try await LoopbackClient.get(servers[1].url + "/metrics").text
            #expect(!tgiPage.contains("llm_prompt"))
        }
    }

    @Test func tgiPageHasRustExporterLayout() async throws {
        try await withFleet { servers, _ in
            let tgi = servers[1]
            #expect(tgi.kind == .tgi)
            try await eventually("traffic on \(tgi.name)") {
                let page = try await LoopbackClient.get(tgi.url + "/metrics").text
                return (try PageSamples.parse(page).value("tgi_request_duration_count") ?? 0) > 5
            }
            let page = try await LoopbackClient.get(tgi.url + "/metrics").text
            let samples = try PageSamples.parse(page)
            #expect(!page.contains("_total"))
            #expect(!page.contains("_created"))
            #expect(page.contains("\n\n# "))
            #expect(page.hasSuffix("\n\n"))
            let count = try #require(samples.named("tgi_request_count").first)
            #expect(!count.valueText.contains("."))
            #expect(samples.contains { $0.labels["le"] == "0.00015000000000000001" })
            #expect(samples.contains { $0.labels["le"] == "145.61096060497135" })
            let forward = samples.named("tgi_batch_next_size_bucket")
            #expect(forward.count == 1025)
            try checkHistograms(samples)
            let success = try #require(samples.value("tgi_request_success"))
            let failures = samples.named("tgi_request_failure").map(\.value).reduce(0, +)
            #expect(try #require(samples.value("tgi_request_count")) == success + failures)
        }
    }

    @Test func llamaCppPageHasCppLayout() async throws {
        try await withFleet { servers, _ in
            let llama = servers[2]
            #expect(llama.kind == .llamacpp)
            try await eventually("traffic on \(llama.name)") {
                let page = try await LoopbackClient.get(llama.url + "/metrics").text
                return (try PageSamples.parse(page).value("llamacpp:tokens_predicted_total") ?? 0) > 1000
            }
            let response = try await LoopbackClient.get(llama.url + "/metrics")
            #expect(response.header("Content-Type") == "text/plain; version=0.0.4")
            #expect(Int(response.header("Process-Start-Time-Unix") ?? "") != nil)
            let samples = try PageSamples.parse(response.text)
            #expect(samples.count == 10)
            #expect(samples.allSatisfy { $0.labels.isEmpty && $0.name.hasPrefix("llamacpp:") })
            for sample in samples {
                #expect(sample.valueText == ExpositionNumber.cpp(sample.value))
                let digits = sample.valueText.split(separator: "e")[0].filter(\.isNumber)
                #expect(digits.count <= 6, "\(sample.name) \(sample.valueText)")
            }
            #expect(response.text.contains("# TYPE llamacpp:n_busy_slots_per_decode counter\n"))
        }
    }

    @Test func jsonEndpointsFollowEachKind() async throws {
        try await withFleet { servers, _ in
            let (vllm, tgi, llama) = (servers[0].url, servers[1].url, servers[2].url)
            let models = try await LoopbackClient.get(vllm + "/v1/models").json()
            let card = try #require((models["data"] as? [[String: Any]])?.first)
            #expect(card["id"] as? String == "meta-llama/Llama-3.1-8B-Instruct")
            #expect(card["root"] as? String == "/models/meta-llama/Llama-3.1-8B-Instruct/v1.2.0")
            #expect(card["owned_by"] as? String == "vllm")
            #expect(try await LoopbackClient.get(vllm + "/version").json()["version"] as? String == "0.11.2")
            let vllmHealth = try await LoopbackClient.get(vllm + "/health")
            #expect(vllmHealth.status == 200 && vllmHealth.body.isEmpty)
            let info = try await LoopbackClient.get(tgi + "/info").json()
            #expect((info["model_sha"] as? String)?.count == 40)
            #expect(info["router"] as? String == "text-generation-router")
            #expect(info["sha"] is NSNull)
            let tgiModels = try await LoopbackClient.get(tgi + "/v1/models").json()
            #expect(((tgiModels["data"] as? [[String: Any]])?.first?["created"] as? Int) == 0)
            #expect(try await LoopbackClient.get(llama + "/health").json()["status"] as? String == "ok")
            let props = try await LoopbackClient.get(llama + "/props").json()
            #expect((props["model_path"] as? String)?.hasSuffix(".gguf") == true)
            #expect(props["total_slots"] as? Int == 4)
            #expect(try await LoopbackClient.get(vllm + "/nope").status == 404)
            let state = try await LoopbackClient.get(tgi + "/sim/state").json()
            #expect(state["version"] as? String == info["model_sha"] as? String)
            #expect(state["kind"] as? String == "tgi")
        }
    }
}

/// Every histogram series: cumulative buckets never decrease, the `+Inf` bucket equals `_count`.
func checkHistograms(_ samples: [PageSample]) throws {
    var buckets: [String: [Double]] = [:]
    var counts: [String: Double] = [:]
    for sample in samples {
        let key = sample.labels.filter { $0.key != "le" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ",")
        if sample.name.hasSuffix("_bucket") {
            buckets[String(sample.name.dropLast(7)) + "{" + key, default: []].append(sample.value)
        } else if sample.name.hasSuffix("_count") {
            counts[String(sample.name.dropLast(6)) + "{" + key] = sample.value
        }
    }
    #expect(!buckets.isEmpty)
    for (series, values) in buckets {
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "monotonic buckets in \(series)")
        #expect(values.last == counts[series], "+Inf bucket equals _count in \(series)")
    }
}
