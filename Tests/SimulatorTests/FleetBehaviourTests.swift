import Foundation
import TestSupport
import Testing

@testable import Simulator

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct FleetBehaviourTests {
    private func samples(_ url: String) async throws -> [PageSample] {
        try PageSamples.parse(try await LoopbackClient.get(url + "/metrics").text)
    }

    private func control(_ url: String, _ json: String) async throws -> LoopbackResponse {
        try await LoopbackClient.post(url + "/sim/control", json: json)
    }

    @Test func countersNeverGoDownBetweenReads() async throws {
        try await withFleet(count: 2) { servers, _ in
            for server in servers {
                var previous: [String: Double] = [:]
                for _ in 0..<4 {
                    for sample in try await samples(server.url) {
                        let isCumulative =
                            sample.name.hasSuffix("_total") || sample.name.hasSuffix("_bucket")
                            || sample.name.hasSuffix("_count") || sample.name.hasSuffix("_sum")
                            || sample.name == "tgi_request_count" || sample.name == "tgi_request_success"
                        guard isCumulative else { continue }
                        let key = sample.name + sample.labels.sorted { $0.key < $1.key }.description
                        #expect(sample.value >= previous[key] ?? 0, "\(server.name) \(key)")
                        previous[key] = sample.value
                    }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
    }

    @Test func pausedServerReportsTheSameTruthAsItsMetrics() async throws {
        // Real time (scale 1): the exact latencies the truth keeps (10,000 at most) outlast a slow,
        // loaded machine; at scale 30 they overflowed after half a minute and the quantiles went null.
        try await withFleet(count: 2, timeScale: 1) { servers, _ in
            for server in servers {
                try await eventually("traffic on \(server.name)") {
                    let state = try await LoopbackClient.get(server.url + "/sim/state").json()
                    return ((state["requests"] as? [String: Any])?["total"] as? Double ?? 0) > 10
                }
                #expect(try await control(server.url, #"{"action":"pause"}"#).status == 200)
                let page = try await samples(server.url)
                let state = try await LoopbackClient.get(server.url + "/sim/state").json()
                #expect(state["paused"] as? Bool == true)
                let family = server.kind == .vllm ? "vllm:e2e_request_latency_seconds" : "tgi_request_duration"
                let truth = try #require((state["histograms"] as? [String: Any])?[family] as? [String: Any])
                let buckets = page.named(family + "_bucket").map(\.value)
                #expect(buckets == truth["cumulative_counts"] as? [Double])
                #expect(page.value(family + "_count") == truth["count"] as? Double)
                let sum = try #require(page.value(family + "_sum"))
                #expect(abs(sum - (truth["sum"] as? Double ?? -1)) <= 1e-9 * sum)
                let quantiles = try #require(state["e2e_exact_quantiles_seconds"] as? [String: Double])
                #expect((quantiles["p50"] ?? 0) > 0 && (quantiles["p50"] ?? 0) <= (quantiles["p99"] ?? 0))
                #expect(try await control(server.url, #"{"action":"resume"}"#).status == 200)
            }
        }
    }

    @Test func deployChangesVersionRaisesLatencyAndRollbackReverts() async throws {
        try await withFleet(count: 1, timeScale: 60) { servers, _ in
            let url = servers[0].url
            func e2e() async throws -> (sum: Double, count: Double) {
                let page = try await samples(url)
                return (
                    page.value("vllm:e2e_request_latency_seconds_sum") ?? 0,
                    page.value("vllm:e2e_request_latency_seconds_count") ?? 0
                )
            }
            try await eventually("baseline traffic") { try await e2e().count > 100 }
            let before = try await e2e()
            let deployed = try await control(url, #"{"action":"deploy","version":"v2.0.0-slow","latency_factor":5}"#)
            #expect(deployed.status == 200)
            #expect(try deployed.json()["release"] as? String == "v2.0.0-slow")
            let models = try await LoopbackClient.get(url + "/v1/models").json()
            let root = (models["data"] as? [[String: Any]])?.first?["root"] as? String
            #expect(root == "/models/meta-llama/Llama-3.1-8B-Instruct/v2.0.0-slow")
            // Requests in flight at the deploy finish at the old speed; measure the ones that follow them.
            try await eventually("requests in flight at the deploy to finish") {
                try await e2e().count > before.count + 300
            }
            let settled = try await e2e()
            try await eventually("slow traffic") { try await e2e().count > settled.count + 300 }
            let after = try await e2e()
            let slowMean = (after.sum - settled.sum) / (after.count - settled.count)
            #expect(slowMean > 2 * before.sum / before.count)

            let rollback = try await LoopbackClient.post(url + "/sim/rollback", json: "")
            #expect(rollback.status == 200)
            #expect(try rollback.json()["release"] as? String == "v1.2.0")
            let reverted = try await LoopbackClient.get(url + "/v1/models").json()
            #expect(
                (reverted["data"] as? [[String: Any]])?.first?["root"] as? String
                    == "/models/meta-llama/Llama-3.1-8B-Instruct/v1.2.0"
            )
            let state = try await LoopbackClient.get(url + "/sim/state").json()
            #expect(state["latency_factor"] as? Double == 1)
            let again = try await LoopbackClient.post(url + "/sim/rollback", json: "")
            #expect(again.status == 409)
            #expect((try again.json()["error"] as? String)?.contains("nothing to roll back") == true)
        }
    }

    @Test func resetCountersMakesCountersGoDown() async throws {
        try await withFleet(count: 3) { servers, _ in
            for server in servers {
                let counter =
                    switch server.kind {
                    case .vllm: "vllm:prompt_tokens_total"
                    case .tgi: "tgi_request_count"
                    case .llamacpp: "llamacpp:prompt_tokens_total"
                    }
                try await eventually("traffic on \(server.name)") {
                    try await samples(server.url).value(counter) ?? 0 > 2000
                }
                let before = try #require(try await samples(server.url).value(counter))
                #expect(try await control(server.url, #"{"action":"reset_counters"}"#).status == 200)
                let after = try await samples(server.url).value(counter) ?? 0
                #expect(after < before)
            }
        }
    }

    @Test func downFollowsEachKindsHealthSemantics() async throws {
        try await withFleet(count: 3) { servers, _ in
            let (vllm, tgi, llama) = (servers[0].url, servers[1].url, servers[2].url)
            for url in [vllm, tgi, llama] {
                #expect(try await control(url, #"{"action":"down"}"#).status == 200)
            }
            let vllmHealth = try await LoopbackClient.get(vllm + "/health")
            #expect(vllmHealth.status == 503 && vllmHealth.body.isEmpty)
            let tgiHealth = try await LoopbackClient.get(tgi + "/health")
            #expect(tgiHealth.status == 503)
            #expect(try tgiHealth.json()["error_type"] as? String == "healthcheck")
            let llamaMetrics = try await LoopbackClient.get(llama + "/metrics")
            #expect(llamaMetrics.status == 503)
            let error = try llamaMetrics.json()["error"] as? [String: Any]
            #expect(error?["message"] as? String == "Loading model")
            for url in [vllm, tgi, llama] {
                #expect(try await control(url, #"{"action":"up"}"#).status == 200)
                #expect(try await LoopbackClient.get(url + "/health").status == 200)
            }
        }
    }

    @Test func refusedServerComesBackWhenAnotherServerSaysUp() async throws {
        // Ports below the ephemeral range: a port 0 listener's number, once closed, can go to any
        // other suite's outgoing connection before the server listens on it again.
        try await withFleet(count: 2, basePort: freePortBase(count: 2)) { servers, _ in
            let (first, second) = (servers[0], servers[1])
            #expect(try await control(first.url, #"{"action":"down","mode":"refuse"}"#).status == 200)
            // Asked of the server itself, the listener closes just after the answer is sent.
            var refused = false
            for _ in 0..<100 where !refused {
                do {
                    _ = try await LoopbackClient.get(first.url + "/health", timeout: 3)
                    try await Task.sleep(for: .milliseconds(50))
                } catch {
                    refused = true
                }
            }
            #expect(refused, "the listener never closed")
            let up = try await control(second.url, "{\"action\":\"up\",\"server\":\"\(first.name)\"}")
            #expect(up.status == 200, "\(up.text)")
            // Listening again: a connection attempted in the moment the socket reopens may be lost,
            // so each try is short.
            var health: Int?
            for _ in 0..<30 where health != 200 {
                health = try? await LoopbackClient.get(first.url + "/health", timeout: 2).status
            }
            #expect(health == 200)
            let unknown = try await control(second.url, #"{"action":"up","server":"nobody"}"#)
            #expect(unknown.status == 404)
        }
    }

    @Test func faultsAnswerHTMLHugePagesOrNothing() async throws {
        try await withFleet(count: 1) { servers, _ in
            let url = servers[0].url
            #expect(try await control(url, #"{"action":"html"}"#).status == 200)
            let html = try await LoopbackClient.get(url + "/metrics")
            #expect(html.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(html.text.hasPrefix("<!DOCTYPE html>"))

            #expect(try await control(url, #"{"action":"huge","bytes":18000000}"#).status == 200)
            let huge = try await LoopbackClient.get(url + "/metrics", timeout: 60)
            #expect(huge.body.count == 18_000_000)
            #expect(huge.body.count > 16 << 20)
            #expect(huge.text.hasPrefix("# HELP sim_padding_info"))

            #expect(try await control(url, #"{"action":"hang"}"#).status == 200)
            await #expect(throws: (any Error).self) { _ = try await LoopbackClient.get(url + "/health", timeout: 1) }
            #expect(try await control(url, #"{"action":"up"}"#).status == 200)
            #expect(try await LoopbackClient.get(url + "/health").status == 200)
        }
    }

    @Test func hostileModelNamesAreServedVerbatimAndEscapedInLabels() async throws {
        try await withFleet(count: 1) { servers, _ in
            let url = servers[0].url
            let hostile = "evil\"} 1\n# TYPE x counter\u{1B}[31m\\"
            let body = try JSONSerialization.data(withJSONObject: ["action": "model_name", "name": hostile])
            let response = try await LoopbackClient.send(url + "/sim/control", method: "POST", body: body, timeout: 10)
            #expect(response.status == 200)
            let models = try await LoopbackClient.get(url + "/v1/models").json()
            #expect((models["data"] as? [[String: Any]])?.first?["id"] as? String == hostile)
            let page = try await samples(url)
            let running = try #require(page.named("vllm:num_requests_running").first)
            #expect(running.labels["model_name"] == hostile)
            #expect(page.named("x").isEmpty)
        }
    }

    @Test func badControlRequestsGetClearErrors() async throws {
        try await withFleet(count: 1) { servers, _ in
            let url = servers[0].url
            let bad = try await control(url, #"{"action":"explode"}"#)
            #expect(bad.status == 400)
            #expect((try bad.json()["error"] as? String)?.contains("unknown action") == true)
            #expect(try await LoopbackClient.get(url + "/sim/nothing").status == 404)
            #expect(try await LoopbackClient.get(url + "/sim/control").status == 404)
        }
    }

    @Test func scenarioDeploysOnItsOwnDuringARun() async throws {
        try await withFleet(count: 3, timeScale: 60, scenario: .quick) { servers, _ in
            try await eventually("the quick scenario's deploy") {
                let state = try await LoopbackClient.get(servers[0].url + "/sim/state").json()
                return state["release"] as? String == "v1.3.0"
            }
            let state = try await LoopbackClient.get(servers[0].url + "/sim/state").json()
            #expect(state["latency_factor"] as? Double == 3)
        }
    }
}
