import Config
import Foundation
import HTTP
import PrometheusSource
import Synchronization
import TestSupport
import Testing
import Vocabulary

@testable import Collector

/// The Prometheus source against a peer speaking the query API with answers the test controls: how
/// rows become observations, the ledger across a replica's restart, kinds, names, mixing with direct
/// targets, and Prometheus' failures. (Against the real Prometheus: PrometheusIntegrationTests, and
/// the `status --json` agreement test of LLMDeckTests.)
@Suite struct PrometheusFleetSourceTests {
    /// Answers each query with the vector of the first rule whose key the PromQL contains; an empty
    /// vector otherwise. Rules can be changed between ticks.
    final class RuleBook: Sendable {
        let rules = Mutex<[(key: String, body: String)]>([])
        /// Every query asked, in order of arrival.
        let asked = Mutex<[String]>([])
    }

    final class FakePrometheus: Sendable {
        let book = RuleBook()
        let server: TestSupport.LoopbackServer

        init() throws {
            let book = book
            server = try TestSupport.LoopbackServer { connection in
                guard let form = connection.readRequest()?.body else { return }
                let query =
                    form.split(separator: "&").first { $0.hasPrefix("query=") }
                    .map { String($0.dropFirst(6)).replacingOccurrences(of: "+", with: " ") }
                    .flatMap { $0.removingPercentEncoding } ?? ""
                book.asked.withLock { $0.append(query) }
                let body =
                    book.rules.withLock { rules in rules.first { query.contains($0.key) }?.body }
                    ?? #"{"status":"success","data":{"resultType":"vector","result":[]}}"#
                let status = body.contains(#""status":"error""#) ? 400 : 200
                _ = connection.write(
                    "HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                        + "Connection: close\r\n\r\n\(body)"
                )
            }
        }

        func answer(_ key: String, _ series: [([String: String], Double)]) {
            let result = series.map { labels, value in
                let metric = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
                    .joined(separator: ",")
                return #"{"metric":{"# + metric + #"},"value":[1700000000.5,""# + "\(value)" + #""]}"#
            }
            let body =
                #"{"status":"success","data":{"resultType":"vector","result":["# + result.joined(separator: ",")
                + "]}}"
            book.rules.withLock { rules in
                rules.removeAll { $0.key == key }
                rules.insert((key, body), at: 0)
            }
        }

        func fail(_ key: String, errorType: String, error: String) {
            let body = #"{"status":"error","errorType":""# + errorType + #"","error":""# + error + #""}"#
            book.rules.withLock { $0.insert((key, body), at: 0) }
        }
    }

    func source(
        _ prometheus: String,
        client: HTTPClient,
        environmentLabel: String? = nil,
        excluding: Set<String> = []
    ) throws -> PrometheusFleetSource {
        try PrometheusFleetSource(
            config: PrometheusSourceConfig(
                name: "prom",
                url: prometheus,
                interval: 1,
                timeout: 3,
                scrapeInterval: 1,
                discover: #"up{job="llm"}"#,
                environmentLabel: environmentLabel
            ),
            client: client,
            excluding: excluding
        )
    }

    /// A vLLM deployment `chat` and a Triton deployment `vision` (which also exports vLLM's metrics).
    func serveFleet(_ fake: FakePrometheus, requests: Double = 100, errors: Double = 5, bucket: Double = 40) {
        fake.answer("avg by (deployment) (up", [(["deployment": "chat"], 1), (["deployment": "vision"], 0.5)])
        fake.answer(
            "count by (__name__, deployment)",
            [
                (["deployment": "chat", "__name__": "vllm:num_requests_running"], 1),
                (["deployment": "vision", "__name__": "vllm:num_requests_running"], 1),
                (["deployment": "vision", "__name__": "nv_inference_request_success"], 1),
            ]
        )
        fake.answer(
            "sum by (deployment) (vllm:request_success_total{job=\"llm\"} or",
            [
                (["deployment": "chat"], requests)
            ]
        )
        fake.answer("finished_reason=~", [(["deployment": "chat"], errors)])
        fake.answer("vllm:num_requests_running{", [(["deployment": "chat"], 3), (["deployment": "vision"], 2)])
        fake.answer(
            "e2e_request_latency_seconds|",
            [
                (["deployment": "chat", "__name__": "vllm:e2e_request_latency_seconds_bucket", "le": "0.5"], bucket),
                (
                    ["deployment": "chat", "__name__": "vllm:e2e_request_latency_seconds_bucket", "le": "1"],
                    bucket + 50
                ),
                (["deployment": "chat", "__name__": "vllm:e2e_request_latency_seconds_bucket", "le": "+Inf"], 100),
                (["deployment": "chat", "__name__": "vllm:e2e_request_latency_seconds_sum"], 70),
            ]
        )
        fake.answer(
            "nv_inference_first_response_histogram_ms|",
            [
                (
                    [
                        "deployment": "vision", "__name__": "nv_inference_first_response_histogram_ms_bucket",
                        "le": "100",
                    ], 7
                ),
                (
                    [
                        "deployment": "vision", "__name__": "nv_inference_first_response_histogram_ms_bucket",
                        "le": "+Inf",
                    ], 9
                ),
                (["deployment": "vision", "__name__": "nv_inference_first_response_histogram_ms_sum"], 900),
            ]
        )
    }

    func observation(_ tick: PrometheusTick, _ name: String) throws -> TargetObservation {
        try #require(tick.observations.first { $0.target == name }, "no observation of \(name)")
    }

    func counter(_ observation: TargetObservation, _ metric: CanonicalMetric, _ labels: String = "") -> Double? {
        for sample in observation.canonical where sample.metric == metric && sample.labels == labels {
            if case .counter(let value) = sample.value { return value }
        }
        return nil
    }

    @Test func rowsBecomeObservationsLikeAScrapes() async throws {
        let fake = try FakePrometheus()
        serveFleet(fake)
        let client = HTTPClient()
        defer { client.shutdown() }
        let tick = await try source(fake.server.url, client: client).tick()
        #expect(tick.problems.isEmpty, "\(tick.problems)")
        #expect(tick.queries <= 20)

        let chat = try observation(tick, "chat")
        #expect(chat.health == .up)
        #expect(chat.kind == .vllm)
        #expect(counter(chat, .requests, RequestOutcome.success.labelText) == 95)
        #expect(counter(chat, .requests, RequestOutcome.error.labelText) == 5)
        let e2e = try #require(chat.canonical.first { $0.metric == .e2eLatency })
        #expect(
            e2e.value
                == .histogram(upperBounds: [0.5, 1, .infinity], cumulativeCounts: [40, 90, 100], count: 100, sum: 70)
        )
        #expect(chat.canonical.contains { $0.metric == .running && $0.value == .gauge(3) })

        // Triton's signature wins over the vLLM metrics it also serves; its TTFT is in milliseconds.
        let vision = try observation(tick, "vision")
        #expect(vision.kind == .triton)
        #expect(vision.health == .degraded, "half of its up series are 0")
        let ttft = try #require(vision.canonical.first { $0.metric == .timeToFirstToken })
        #expect(ttft.value == .histogram(upperBounds: [0.1, .infinity], cumulativeCounts: [7, 9], count: 9, sum: 0.9))
    }

    @Test func aReplicaRestartIsNeverCountedAsTraffic() async throws {
        let fake = try FakePrometheus()
        serveFleet(fake, requests: 100, errors: 5, bucket: 40)
        let client = HTTPClient()
        defer { client.shutdown() }
        let source = try source(fake.server.url, client: client)
        _ = await source.tick()
        serveFleet(fake, requests: 160, errors: 5, bucket: 40)
        let grew = try observation(await source.tick(), "chat")
        #expect(counter(grew, .requests, RequestOutcome.success.labelText) == 155)
        // One replica restarts: the sum falls from 160 to 30. Nothing is added for that interval.
        serveFleet(fake, requests: 30, errors: 0, bucket: 40)
        let fell = try observation(await source.tick(), "chat")
        #expect(counter(fell, .requests, RequestOutcome.success.labelText) == 155)
        #expect(counter(fell, .requests, RequestOutcome.error.labelText) == 5)
        // Then it grows again from the new sum.
        serveFleet(fake, requests: 50, errors: 1, bucket: 40)
        let again = try observation(await source.tick(), "chat")
        #expect(counter(again, .requests, RequestOutcome.success.labelText) == 174)
        #expect(counter(again, .requests, RequestOutcome.error.labelText) == 6)
    }

    /// With `histogram_batch` below the fleet's size, a tick asks for the histograms of one turn of
    /// the deployments, named exactly (a regex-escaped alternation); the others send their last read
    /// again, which adds nothing, and their next turn brings everything since. `chat` and `chat.v2`
    /// share a turn, `code` has the other (FNV-1a of the names, modulo 2).
    @Test func aLargeFleetsHistogramsAreReadInTurns() async throws {
        let fake = try FakePrometheus()
        let deployments = ["chat", "chat.v2", "code"]
        fake.answer("avg by (deployment) (up", deployments.map { (["deployment": $0], 1) })
        func serveLatency(below half: Double) {
            let name = "vllm:e2e_request_latency_seconds"
            fake.answer(
                "e2e_request_latency_seconds|",
                deployments.flatMap { deployment in
                    [
                        (["deployment": deployment, "__name__": name + "_bucket", "le": "0.5"], half),
                        (["deployment": deployment, "__name__": name + "_bucket", "le": "+Inf"], half * 2),
                        (["deployment": deployment, "__name__": name + "_sum"], half),
                    ]
                }
            )
        }
        func latency(_ tick: PrometheusTick, _ name: String) throws -> [Double] {
            let sample = try #require(try observation(tick, name).canonical.first { $0.metric == .e2eLatency })
            guard case .histogram(_, let counts, _, _) = sample.value else { return [] }
            return counts
        }
        func histogramQueries() -> [String] {
            fake.book.asked.withLock { asked in
                defer { asked = [] }
                return asked.filter { $0.contains("_(bucket|sum)") }
            }
        }
        serveLatency(below: 40)
        let client = HTTPClient()
        defer { client.shutdown() }
        var config = PrometheusSourceConfig(name: "prom", url: fake.server.url, discover: "up")
        config.histogramBatch = 2
        let source = try PrometheusFleetSource(config: config, client: client)

        // The first tick knows no deployment yet: it reads everyone's histograms.
        let first = await source.tick()
        #expect(histogramQueries().allSatisfy { !$0.contains("deployment=~") })
        #expect(try deployments.map { try latency(first, $0) } == Array(repeating: [40, 80], count: 3))

        serveLatency(below: 60)
        let second = await source.tick()
        let secondAsked = histogramQueries()
        #expect(
            !secondAsked.isEmpty && secondAsked.allSatisfy { $0.contains(#"deployment=~"code""#) },
            "\(secondAsked)"
        )
        #expect(try latency(second, "code") == [60, 120])
        #expect(try latency(second, "chat") == [40, 80], "not its turn: its last read again")
        #expect(try latency(second, "chat.v2") == [40, 80])
        // Each deployment says how long its latency may go unread: two turns and a tick for jitter;
        // the first tick, which reads every histogram, already says so (a restarted collector
        // would otherwise store "every tick" for one tick).
        #expect(first.observations.map(\.latencyEvery) == Array(repeating: Int64(3 * config.interval * 1000), count: 3))
        #expect(
            second.observations.map(\.latencyEvery) == Array(repeating: Int64(3 * config.interval * 1000), count: 3)
        )

        let third = await source.tick()
        let thirdAsked = histogramQueries()
        #expect(
            !thirdAsked.isEmpty && thirdAsked.allSatisfy { $0.contains(#"deployment=~"chat|chat\\.v2""#) },
            "\(thirdAsked)"
        )
        #expect(try deployments.map { try latency(third, $0) } == Array(repeating: [60, 120], count: 3))
    }

    @Test func aDeploymentPolledDirectlyIsNotReportedTwice() async throws {
        let fake = try FakePrometheus()
        serveFleet(fake)
        let client = HTTPClient()
        defer { client.shutdown() }
        let lines = Mutex<[String]>([])
        let source = try PrometheusFleetSource(
            config: PrometheusSourceConfig(name: "prom", url: fake.server.url, discover: #"up{job="llm"}"#),
            client: client,
            excluding: ["chat"],
            log: { line in lines.withLock { $0.append(line) } }
        )
        let tick = await source.tick()
        #expect(tick.observations.map(\.target) == ["vision"])
        _ = await source.tick()
        let warnings = lines.withLock { $0 }.filter { $0.contains("both in deployments:") }
        #expect(warnings.count == 1, "once, not every tick: \(warnings)")
        #expect(warnings.first?.contains("chat") == true)
    }

    @Test func aNameInTwoEnvironmentsIsToldApart() async throws {
        let fake = try FakePrometheus()
        fake.answer(
            "avg by (deployment, env) (up",
            [
                (["deployment": "chat", "env": "prod"], 1), (["deployment": "chat", "env": "staging"], 1),
            ]
        )
        let client = HTTPClient()
        defer { client.shutdown() }
        let tick = await try source(fake.server.url, client: client, environmentLabel: "env").tick()
        let names = tick.observations.map { "\($0.target) \($0.environment)" }.sorted()
        #expect(names == ["chat prod", "chat/staging staging"])
    }

    /// `model_label` and `version_label` survive the presence query, so the served version reaches the
    /// version history (what a rollback goes back to); during a rollout the deployment stays one row.
    @Test func theServedVersionComesFromTheVersionLabelThroughARollout() async throws {
        let fake = try FakePrometheus()
        let client = HTTPClient()
        defer { client.shutdown() }
        let source = try PrometheusFleetSource(
            config: PrometheusSourceConfig(
                name: "prom",
                url: fake.server.url,
                discover: #"up{job="llm"}"#,
                modelLabel: "model",
                versionLabel: "version"
            ),
            client: client
        )
        #expect(source.presenceQuery == #"avg by (deployment, model, version) (up{job="llm"})"#)
        let presence = "avg by (deployment, model, version) (up"
        fake.answer(presence, [(["deployment": "chat", "model": "llama", "version": "v1"], 1)])
        let before = try observation(await source.tick(), "chat")
        #expect(before.identity == ServedIdentity(model: "llama", version: "v1"))
        #expect(before.health == .up)
        // Mid-rollout: the new version's replica is not up yet; the most present version is served.
        fake.answer(
            presence,
            [
                (["deployment": "chat", "model": "llama", "version": "v1"], 1),
                (["deployment": "chat", "model": "llama", "version": "v2"], 0),
            ]
        )
        let rows = await source.tick().observations.filter { $0.target == "chat" }
        #expect(rows.count == 1, "one row, not one per version")
        let rolling = try #require(rows.first)
        #expect(rolling.identity.version == "v1")
        #expect(rolling.health == .degraded, "one of its versions is down")
        // Both up: the greater version, the same every tick.
        fake.answer(
            presence,
            [
                (["deployment": "chat", "model": "llama", "version": "v2"], 1),
                (["deployment": "chat", "model": "llama", "version": "v1"], 1),
            ]
        )
        #expect(try observation(await source.tick(), "chat").identity.version == "v2")
        #expect(try observation(await source.tick(), "chat").health == .up)
    }

    @Test func anErrorEnvelopeLeavesKnownDeploymentsDegradedWithPrometheusWords() async throws {
        let fake = try FakePrometheus()
        serveFleet(fake)
        let client = HTTPClient()
        defer { client.shutdown() }
        let source = try source(fake.server.url, client: client)
        _ = await source.tick()
        fake.fail(
            "avg by (deployment) (up",
            errorType: "execution",
            error: "query processing would load too many samples"
        )
        let tick = await source.tick()
        #expect(Set(tick.observations.map(\.target)) == ["chat", "vision"])
        for observation in tick.observations {
            #expect(observation.health == .degraded, "the servers' state is unknown, not down")
            #expect(observation.error?.contains("too many samples") == true, "\(observation.error ?? "")")
            #expect(observation.canonical.isEmpty)
        }
        #expect(tick.problems.first?.contains("422") == true || tick.problems.first?.contains("execution") == true)
    }

    @Test func anUnreachablePrometheusIsReportedNotCrashedOn() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        try await TestSupport.LoopbackServer.withRefusingPort { port in
            let source = try source("http://127.0.0.1:\(port)", client: client)
            let tick = await source.tick()
            #expect(tick.observations.isEmpty, "nothing known yet")
            #expect(tick.problems.first?.hasPrefix("Cannot reach Prometheus at http://127.0.0.1:\(port)") == true)
            let discovered = await source.discover()
            guard case .failure(let error) = discovered else {
                Issue.record("discovery succeeded against a refusing port")
                return
            }
            #expect(error.kind == .unreachable)
        }
    }

    @Test func theDiscoverSelectorsMatchersRestrictEveryQuery() {
        #expect(PrometheusFilter.matchers(of: #"up{job=~"vllm|tgi"}"#) == #"job=~"vllm|tgi""#)
        #expect(PrometheusFilter.matchers(of: "up") == nil)
        #expect(PrometheusFilter.matchers(of: #"max by (x) (up{job="a"})"#) == nil)
        #expect(PrometheusFilter.matchers(of: #" {job="a", env!="dev"} "#) == #"job="a", env!="dev""#)
    }

    @Test func theLedgerKeepsSumsMonotonicAndHistogramsWhole() {
        var ledger = CumulativeLedger()
        #expect(ledger.advance("a", [10]) == [10])
        #expect(ledger.advance("a", [15]) == [15])
        #expect(ledger.advance("a", [3]) == [15], "a fall adds nothing")
        #expect(ledger.advance("a", [4]) == [16])
        // A histogram whose one bucket fell adds nothing to any bucket.
        #expect(ledger.advance("h", [1, 2, 3]) == [1, 2, 3])
        #expect(ledger.advance("h", [2, 1, 4]) == [1, 2, 3])
        #expect(ledger.advance("h", [3, 3, 6]) == [2, 4, 5])
        // A new layout starts over from the values.
        #expect(ledger.advance("h", [1, 1]) == [1, 1])
        #expect(ledger.drops == 2)
    }
}
