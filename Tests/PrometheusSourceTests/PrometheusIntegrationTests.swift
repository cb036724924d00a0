import Config
import Foundation
import HTTP
import PrometheusTestSupport
import Simulator
import TestSupport
import Testing

@testable import PrometheusSource

/// The client and the vocabulary against a real Prometheus scraping a simulated fleet (vLLM, TGI,
/// llama.cpp) every second. Waits are bounded polls that suspend; nothing asserts on time.
struct PrometheusIntegrationTests {
    /// The deployments each figure must have a row for: those whose kind exports it. The simulated
    /// llama.cpp, like current llama.cpp, exports no KV-cache gauge.
    func expectedDeployments(_ figure: FleetFigure, _ servers: [SimulatedServer]) -> Set<String> {
        Set(
            servers.filter { server in
                guard let kind = ServerKind(rawValue: server.kind.rawValue) else { return false }
                if figure == .kvCacheUsage, kind == .llamacpp { return false }
                return PromQLVocabulary.supports(figure, on: kind)
            }
            .map(\.name)
        )
    }

    /// Every fleet figure's rows once each has exactly one row per expected deployment; the last answer
    /// when the bounded wait (about 90 s) ends first.
    func waitForFleetRows(
        _ api: PrometheusAPI,
        _ queries: [PromQLQuery],
        _ servers: [SimulatedServer]
    ) async -> [FleetFigure: Result<QueryResponse, PrometheusError>] {
        var answers: [FleetFigure: Result<QueryResponse, PrometheusError>] = [:]
        for _ in 0..<180 {
            let outcomes = await api.queries(queries.map(\.promql))
            answers = [:]
            var complete = true
            for (query, outcome) in zip(queries, outcomes) {
                guard case .fleet(let figure) = query.subject else { continue }
                answers[figure] = outcome
                let names = (try? outcome.get())?.value.instantSeries.compactMap { $0.labels["deployment"] } ?? []
                let values = (try? outcome.get())?.value.instantSeries.map(\.sample.value) ?? []
                if names.count != Set(names).count || Set(names) != expectedDeployments(figure, servers)
                    || (figure.quantile != nil && !values.allSatisfy(\.isFinite))
                {
                    complete = false
                }
            }
            if complete { return answers }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return answers
    }

    @Test(
        .enabled(if: PrometheusProcess.isInstalled, "needs /usr/bin/prometheus (Debian package prometheus)"),
        .timeLimit(.minutes(5))
    )
    func realPrometheusAnswersTheVocabularyForASimulatedFleet() async throws {
        let simulator = FleetSimulator(
            options: SimulatorOptions(count: 3, seed: 13, requestsPerSecond: 30, scenario: .none)
        )
        let servers = try await simulator.start()
        let prometheus: ServerProcess
        do {
            prometheus = try await PrometheusProcess.start(scraping: servers)
        } catch {
            await simulator.stop()
            throw error
        }
        let client = HTTPClient()
        do {
            try await checkVocabulary(prometheus, servers, client)
        } catch {
            Issue.record("Prometheus log:\n\(prometheus.log.suffix(3000))")
            await prometheus.stop()
            await simulator.stop()
            client.shutdown()
            prometheus.directory.remove()
            throw error
        }
        await prometheus.stop()
        await simulator.stop()

        // Prometheus stopped: its URL is now unreachable, and said so.
        let stopped = PrometheusAPI(url: prometheus.url, client: client, timeout: 5)
        do {
            _ = try await stopped.query("up")
            Issue.record("a stopped Prometheus answered")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message.hasPrefix("Cannot reach Prometheus at \(prometheus.url)/api/v1/query"))
        }
        client.shutdown()
        prometheus.directory.remove()
    }

    func checkVocabulary(
        _ prometheus: ServerProcess,
        _ servers: [SimulatedServer],
        _ client: HTTPClient
    )
        async throws
    {
        let api = PrometheusAPI(url: prometheus.url, client: client, timeout: 10)
        let names = Set(servers.map(\.name))

        // Every target scraped at least once.
        var up: [InstantSeries] = []
        for _ in 0..<300 {
            up = (try? await api.query("up"))?.value.instantSeries ?? []
            if up.count == servers.count, up.allSatisfy({ $0.sample.value == 1 }) { break }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(Set(up.compactMap { $0.labels["deployment"] }) == names)
        #expect(up.allSatisfy { $0.sample.value == 1 })

        let vocabulary = try PromQLVocabulary(
            deploymentLabel: "deployment",
            rangeWindow: RangeWindow(scrapeInterval: 1)
        )
        let kinds = servers.compactMap { ServerKind(rawValue: $0.kind.rawValue) }
        let queries = vocabulary.tickQueries(kinds: kinds)
        #expect(queries.count <= 20)
        let answers = await waitForFleetRows(api, queries, servers)

        for figure in FleetFigure.allCases {
            let expected = expectedDeployments(figure, servers)
            guard let outcome = answers[figure] else {
                #expect(expected.isEmpty, "no query for \(figure) although \(expected) export it")
                continue
            }
            let response = try outcome.get()
            let rows = response.value.instantSeries
            #expect(rows.count == expected.count, "\(figure): \(rows.map(\.labels))")
            #expect(Set(rows.compactMap { $0.labels["deployment"] }) == expected, "\(figure)")
            #expect(response.warnings.isEmpty)
            for row in rows {
                let value = row.sample.value
                switch figure {
                case .requestRate, .generationTokensPerSecond, .promptTokensPerSecond:
                    #expect(value > 0, "\(figure) of \(row.labels)")
                case .e2eLatencyP50, .e2eLatencyP95, .e2eLatencyP99, .timeToFirstTokenP95:
                    #expect(value.isFinite && value > 0, "\(figure) of \(row.labels)")
                case .errorRatio, .kvCacheUsage:
                    #expect(value >= 0 && value <= 1, "\(figure) of \(row.labels)")
                case .running, .waiting:
                    #expect(value >= 0, "\(figure) of \(row.labels)")
                }
            }
        }
        try checkExperiments(await api.queries(vocabulary.experimentQueries().map(\.promql)))
        try await checkIngestQueries(api, vocabulary, servers)

        // Series discovery and label values.
        let series = try await api.series(match: [#"up{job="llmdeck-sim"}"#])
        #expect(Set(series.value.compactMap { $0["deployment"] }) == names)
        let deployments = try await api.labelValues("deployment", match: ["up"])
        #expect(Set(deployments.value) == names)

        // A range query at a step that fits, then one that would not.
        let requestRate = try #require(vocabulary.query(.requestRate, kinds: kinds))
        let now = Date()
        let range = try await api.queryRange(requestRate, start: now - 20, end: now, step: 1)
        #expect(
            Set(range.value.rangeSeries.compactMap { $0.labels["deployment"] })
                == expectedDeployments(.requestRate, servers)
        )
        #expect(range.value.rangeSeries.allSatisfy { !$0.samples.isEmpty })
        do {
            _ = try await api.queryRange(requestRate, start: now - 86_400, end: now, step: 1)
            Issue.record("a day at a 1 s step was sent")
        } catch {
            #expect(error.kind == .tooManyPoints)
            #expect(error.message.contains("Use a step of at least 8 s."))
        }

        // Invalid PromQL: bad_data, with the query and Prometheus' own words.
        let invalid = "sum(rate(vllm:e2e_request_latency_seconds_bucket[1m])"
        do {
            _ = try await api.query(invalid)
            Issue.record("invalid PromQL was accepted")
        } catch {
            #expect(error.kind == .badData)
            #expect(error.status == 400)
            #expect(error.query == invalid)
            let said = try #require(error.serverMessage)
            #expect(said.contains("parse error"))
            #expect(error.message.contains(said))
            #expect(error.message.contains("`\(invalid)`"))
        }
    }

    /// The cumulative queries a Prometheus source sends each tick: all accepted, one presence row and one
    /// row per counter and gauge per deployment, histogram parts by name, and each deployment's kind
    /// told by its signature metric.
    func checkIngestQueries(
        _ api: PrometheusAPI,
        _ vocabulary: PromQLVocabulary,
        _ servers: [SimulatedServer]
    )
        async throws
    {
        let queries = vocabulary.ingestQueries(kinds: ServerKind.allCases, presence: "up")
        #expect(queries.count + 1 <= 20)
        let outcomes = await api.queries(queries.map(\.promql) + [vocabulary.kindQuery()])
        var rows: [IngestSubject: [InstantSeries]] = [:]
        for (query, outcome) in zip(queries, outcomes) {
            rows[query.subject] = try outcome.get().value.instantSeries
        }
        let names = Set(servers.map(\.name))
        let deployments = { (subject: IngestSubject) in Set(rows[subject]?.compactMap { $0.labels["deployment"] } ?? [])
        }
        #expect(deployments(.presence) == names)
        #expect(rows[.presence]?.allSatisfy { $0.sample.value == 1 } == true)
        let withRequests = Set(servers.filter { $0.kind.rawValue != "llamacpp" }.map(\.name))
        #expect(deployments(.requests) == withRequests)
        #expect(rows[.requests]?.count == withRequests.count, "one row per deployment")
        #expect(deployments(.counter(.generationTokens)) == names)
        #expect(deployments(.gauge(.running)) == names)
        let e2e = rows[.histogram(.e2eLatency)] ?? []
        #expect(Set(e2e.compactMap { $0.labels["deployment"] }) == withRequests)
        for series in e2e {
            let name = try #require(series.labels["__name__"])
            #expect(PromQLVocabulary.histogramName(name, of: .e2eLatency) != nil, "\(name)")
            #expect(name.hasSuffix("_sum") || series.labels["le"] != nil)
        }
        // Chart history of one deployment: its quantiles over a range, at a step, as one series.
        let vllm = try #require(servers.first { $0.kind.rawValue == "vllm" })
        try await checkHistogramTurn(api, vocabulary, deployment: vllm.name)
        let one = try PromQLVocabulary(
            deploymentLabel: "deployment",
            filter: "deployment=\"\(vllm.name)\"",
            rangeWindow: RangeWindow(scrapeInterval: 1, queryInterval: 2)
        )
        let history = try #require(one.quantileQuery(.e2eLatency, 0.95, kind: .vllm))
        let range = try await api.queryRange(history, start: Date().addingTimeInterval(-20), end: Date(), step: 2)
        let series = range.value.rangeSeries
        #expect(series.count == 1)
        #expect(series.first?.labels["deployment"] == vllm.name)
        #expect(series.first?.samples.contains { $0.value.isFinite && $0.value > 0 } == true, "\(series)")
        let kinds = try #require(outcomes.last).get().value.instantSeries
        let found = vocabulary.kinds(in: kinds)
        for server in servers {
            #expect(found[server.name]?.rawValue == server.kind.rawValue, "\(server.name)")
        }
    }

    /// A histogram query restricted to a turn of deployments (`histogram_batch`) reads exactly
    /// theirs, and the alternation, escaped for RE2 and for a PromQL string, matches names with
    /// regex and string metacharacters exactly (`label_replace` anchors the same regex engine).
    func checkHistogramTurn(_ api: PrometheusAPI, _ vocabulary: PromQLVocabulary, deployment: String) async throws {
        let awkward = [#"a.b"#, #"c"d"#, #"e\f"#, "g|h", "(i)+[j]{2}^$*?"]
        let turn = try #require(
            vocabulary.histogramQuery(.e2eLatency, kinds: ServerKind.allCases, deployments: [deployment] + awkward)
        )
        let rows = try await api.query(turn.promql).value.instantSeries
        #expect(!rows.isEmpty && rows.allSatisfy { $0.labels["deployment"] == deployment }, "\(turn.promql)")
        let pattern = PromQLVocabulary.stringLiteral(PromQLVocabulary.alternation(of: awkward))
        for (value, matches) in awkward.map({ ($0, true) }) + [("axb", false), ("g", false), ("e\\\\f", false)] {
            let named =
                #"label_replace(vector(1), "deployment", "# + PromQLVocabulary.stringLiteral(value) + #", "", "")"#
            let query = #"label_replace("# + named + #", "matched", "yes", "deployment", "# + pattern + ")"
            let labels = try await api.query(query).value.instantSeries.first?.labels
            #expect(labels?["deployment"] == value, "\(query)")
            #expect((labels?["matched"] == "yes") == matches, "\(value): \(query)")
        }
    }

    /// The experiment sums: rows by experiment, variant and outcome; the latency histogram's parts by name.
    func checkExperiments(_ outcomes: [Result<QueryResponse, PrometheusError>]) throws {
        let figures = ExperimentFigure.allCases
        #expect(outcomes.count == figures.count)
        for (figure, outcome) in zip(figures, outcomes) {
            let rows = try outcome.get().value.instantSeries
            switch figure {
            case .requests:
                #expect(!rows.isEmpty)
                for row in rows {
                    #expect(row.labels["experiment"] != nil && row.labels["variant"] != nil)
                    #expect(["success", "failure"].contains(row.labels["outcome"] ?? ""))
                    #expect(row.labels["deployment"] == nil)
                }
            case .latency:
                let parts = Set(rows.compactMap { $0.labels["__name__"] })
                #expect(
                    parts == [
                        "llm_prompt_latency_seconds_bucket", "llm_prompt_latency_seconds_sum",
                        "llm_prompt_latency_seconds_count",
                    ]
                )
                #expect(rows.contains { $0.labels["le"] == "+Inf" })
            case .tokens, .cost, .feedback, .score:
                #expect(rows.allSatisfy { $0.sample.value.isFinite })
            }
        }
    }
}
