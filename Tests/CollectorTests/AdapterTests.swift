import Config
import Exposition
import Foundation
import Store
import TestSupport
import Testing
import Vocabulary

@testable import Collector

/// Every adapter against the realistic fixtures: detection, canonical values, units, identity.
struct AdapterTests {
    func index(_ fixture: String) throws -> FamilyIndex {
        FamilyIndex(try ExpositionParser.parse(CollectorFixtures.metrics(fixture), format: .prometheusText))
    }

    func samples(_ kind: ServerKind, _ fixture: String) throws -> [CanonicalSample] {
        ServerAdapters.adapter(for: kind).canonicalSamples(try index(fixture))
    }

    func counter(_ samples: [CanonicalSample], _ metric: CanonicalMetric, _ labels: String = "") -> Double? {
        let values = samples.filter { $0.metric == metric && $0.labels == labels }.compactMap { sample in
            if case .counter(let value) = sample.value { return value }
            return nil
        }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    func gauge(_ samples: [CanonicalSample], _ metric: CanonicalMetric) -> Double? {
        for sample in samples where sample.metric == metric {
            if case .gauge(let value) = sample.value { return value }
        }
        return nil
    }

    func histogram(
        _ samples: [CanonicalSample],
        _ metric: CanonicalMetric
    ) -> (bounds: [Double], count: Double, sum: Double)? {
        for sample in samples where sample.metric == metric {
            if case .histogram(let bounds, _, let count, let sum) = sample.value { return (bounds, count, sum) }
        }
        return nil
    }

    let success = RequestOutcome.success.labelText
    let error = RequestOutcome.error.labelText

    @Test(arguments: [
        ("vllm_metrics.prom", ServerKind.vllm),
        ("tgi_metrics.prom", .tgi),
        ("llamacpp_metrics.prom", .llamacpp),
        ("triton_metrics.prom", .triton),
        ("sglang_metrics.prom", .sglang),
        ("litellm_metrics.prom", .litellm),
    ])
    func metricNamesIdentifyTheServer(fixture: String, kind: ServerKind) throws {
        #expect(KindDetector.kind(from: try index(fixture)) == kind)
    }

    @Test func jsonEndpointsIdentifyServersWithoutKnownMetrics() throws {
        let cases: [(String, String, String, ServerKind)] = [
            ("triton", "GET /v2", "/v2", .triton),
            ("tgi", "GET /info", "/info", .tgi),
            ("ollama", "GET /api/version", "/api/version", .ollama),
            ("sglang", "GET /get_model_info", "/get_model_info", .sglang),
        ]
        for (server, key, path, kind) in cases {
            let body = try CollectorFixtures.endpointBody(server, key)
            #expect(KindDetector.kind(fromProbes: [path: body]) == kind)
        }
        let models = try CollectorFixtures.endpointBody("vllm", "GET /v1/models")
        #expect(KindDetector.kind(fromProbes: ["/v1/models": models]) == .openai)
        #expect(KindDetector.kind(fromProbes: ["/v1/models": Data("<html>".utf8)]) == nil)
    }

    @Test func vllmMapsOutcomesTokensLatencyAndGauges() throws {
        let values = try samples(.vllm, "vllm_metrics.prom")
        #expect(counter(values, .requests, success) == 3610)
        #expect(counter(values, .requests, error) == 9)
        #expect(counter(values, .promptTokens) == 12_345_678)
        #expect(counter(values, .generationTokens) == 987_654)
        #expect(gauge(values, .running) == 12)
        #expect(gauge(values, .waiting) == 3)
        #expect(gauge(values, .kvCacheUsage) == 0.4375)
        let ttft = try #require(histogram(values, .timeToFirstToken))
        #expect(ttft.count == 500)
        #expect(abs(ttft.sum - 128.61049225230528) < 1e-9)
        #expect(ttft.bounds.first == 0.001)
        #expect(ttft.bounds.last == .infinity)
        #expect(histogram(values, .e2eLatency) != nil)
        #expect(histogram(values, .interTokenLatency) != nil)
        #expect(histogram(values, .queueTime) != nil)
    }

    @Test func tgiHasNoTimeToFirstTokenAndTakesTokensFromHistogramSums() throws {
        let values = try samples(.tgi, "tgi_metrics.prom")
        #expect(counter(values, .requests, success) == 5188)
        #expect(counter(values, .requests, error) == 42)
        #expect(histogram(values, .timeToFirstToken) == nil)
        let e2e = try #require(histogram(values, .e2eLatency))
        #expect(e2e.count == 200)
        #expect(abs(e2e.sum - 662.2278125026296) < 1e-9)
        #expect(e2e.bounds.count == 36)
        #expect(counter(values, .promptTokens) == 103_656)
        #expect(gauge(values, .running) == 17)
        #expect(gauge(values, .waiting) == 4)
        #expect(gauge(values, .kvCacheUsage) == nil)
    }

    @Test func llamaCppHasTokensAndSlotsButNoHistogramsOrRequests() throws {
        let values = try samples(.llamacpp, "llamacpp_metrics.prom")
        #expect(counter(values, .promptTokens) == 1_234_570)
        #expect(counter(values, .generationTokens) == 456_789)
        #expect(gauge(values, .running) == 4)
        #expect(gauge(values, .waiting) == 7)
        #expect(counter(values, .requests, success) == nil)
        #expect(values.allSatisfy { if case .histogram = $0.value { false } else { true } })
    }

    @Test func tritonMillisecondsBecomeSeconds() throws {
        let values = try samples(.triton, "triton_metrics.prom")
        #expect(counter(values, .requests, success) == 161)
        #expect(counter(values, .requests, error) == 2)
        #expect(gauge(values, .waiting) == 3)
        let ttft = try #require(histogram(values, .timeToFirstToken))
        #expect(ttft.bounds == [0.1, 0.5, 2, 5, .infinity])
        #expect(ttft.count == 37)
        #expect(abs(ttft.sum - 10.771) < 1e-9)
        let identity = TritonAdapter().identity(info: [:], index: try index("triton_metrics.prom"))
        #expect(identity == ServedIdentity(model: "llama3_8b", version: "1"))
    }

    @Test func sglangSuccessesAreTotalMinusAborted() throws {
        let values = try samples(.sglang, "sglang_metrics.prom")
        #expect(counter(values, .requests, success) == 5117)
        #expect(counter(values, .requests, error) == 3)
        #expect(gauge(values, .running) == 14)
        #expect(gauge(values, .waiting) == 2)
        #expect(gauge(values, .kvCacheUsage) == 0.37)
        let ttft = try #require(histogram(values, .timeToFirstToken))
        #expect(ttft.count == 300)
    }

    @Test func liteLLMCountsNon2xxStatusAsErrors() throws {
        let values = try samples(.litellm, "litellm_metrics.prom")
        #expect(counter(values, .requests, success) == 1520)
        #expect(counter(values, .requests, error) == 12)
        let e2e = try #require(histogram(values, .e2eLatency))
        #expect(e2e.count == 200)
        #expect(e2e.bounds.count == 36)
    }

    @Test func servedModelAndVersionComeFromWhatTheServerReports() throws {
        let empty = FamilyIndex([])
        let vllm = VLLMAdapter().identity(
            info: ["/v1/models": try CollectorFixtures.endpointBody("vllm", "GET /v1/models")],
            index: empty
        )
        #expect(vllm == ServedIdentity(model: "llama-3.1-8b", version: "/models/meta-llama/Llama-3.1-8B-Instruct"))
        let tgi = TGIAdapter().identity(
            info: ["/info": try CollectorFixtures.endpointBody("tgi", "GET /info")],
            index: empty
        )
        #expect(
            tgi
                == ServedIdentity(
                    model: "meta-llama/Llama-3.1-8B-Instruct",
                    version: "0e9e39f249a16976918f6564b8830bc894c89659"
                )
        )
        let llama = LlamaCppAdapter().identity(
            info: ["/props": try CollectorFixtures.endpointBody("llamacpp", "GET /props (excerpt)")],
            index: empty
        )
        #expect(llama.version == "/models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf")
        let ollama = OllamaAdapter().identity(
            info: [
                "/api/tags": try CollectorFixtures.endpointBody("ollama", "GET /api/tags"),
                "/api/version": try CollectorFixtures.endpointBody("ollama", "GET /api/version"),
            ],
            index: empty
        )
        #expect(ollama == ServedIdentity(model: "llama3.1:8b", version: "46e0c10c039e"))
        let sglang = SGLangAdapter().identity(
            info: ["/get_model_info": try CollectorFixtures.endpointBody("sglang", "GET /get_model_info")],
            index: empty
        )
        #expect(sglang == ServedIdentity(model: "Qwen/Qwen3-8B", version: "default"))
        #expect(VLLMAdapter().identity(info: ["/v1/models": Data("not json".utf8)], index: empty) == ServedIdentity())
    }

    @Test func rawSeriesKeepEveryFamilyButCreationTimestamps() throws {
        let raw = RawSeries.collect(try index("vllm_metrics.prom"), target: "t")
        let names = Set(raw.map(\.key.name))
        #expect(names.contains("vllm:prompt_tokens_total"))
        #expect(names.contains("vllm:time_to_first_token_seconds"))
        #expect(!names.contains("vllm:prompt_tokens_created"))
        #expect(raw.filter { $0.key.name == "vllm:request_success_total" }.count == 5)
        let labels = raw.first { $0.key.name == "vllm:num_requests_running" }?.key.labels
        #expect(labels == #"engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct""#)
    }

    @Test func labelTextSortsEscapesAndDropsEmptyValues() {
        let text = LabelText.make([
            Label(name: "z", value: "a\"b\\c\nd"), Label(name: "a", value: "1"), Label(name: "e", value: ""),
        ])
        #expect(text == #"a="1",z="a\"b\\c\nd""#)
    }
}
