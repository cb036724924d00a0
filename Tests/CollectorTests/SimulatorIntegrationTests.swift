import Analysis
import Config
import Fleet
import Foundation
import HTTP
import Simulator
import Store
import TestSupport
import Testing
import Vocabulary

@testable import Collector

/// The collector polls a `FleetSimulator` over loopback with real libcurl into a real SQLite file;
/// what the store reads back must agree with the simulator's ground truth (`GET /sim/state`).
///
/// The fleet is paused (simulated clock frozen) while the collector primes and again before the last
/// polls, so the stored increments must equal exactly the difference of the two ground truths.
struct SimulatorIntegrationTests {
    /// `/sim/state` of every server, by name.
    func groundTruth(_ servers: [SimulatedServer], _ client: HTTPClient) async throws -> [String: [String: Any]] {
        var out: [String: [String: Any]] = [:]
        for server in servers {
            let response = try await client.send(HTTPRequest(url: server.url + "/sim/state")).get()
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            out[server.name] = try #require(object)
        }
        return out
    }

    func number(_ object: [String: Any], _ path: String...) -> Double {
        var node: Any? = object
        for key in path { node = (node as? [String: Any])?[key] }
        return (node as? NSNumber)?.doubleValue ?? 0
    }

    /// Cumulative counts with `+Inf` last, from a ground-truth histogram object.
    func cumulative(_ object: [String: Any], _ family: String) -> (bounds: [Double], counts: [Double]) {
        let histogram = (object["histograms"] as? [String: Any])?[family] as? [String: Any] ?? [:]
        var bounds = (histogram["upper_bounds"] as? [NSNumber] ?? []).map(\.doubleValue)
        var counts = (histogram["cumulative_counts"] as? [NSNumber] ?? []).map(\.doubleValue)
        if bounds.last != .infinity {
            bounds.append(.infinity)
            if counts.count < bounds.count { counts.append((histogram["count"] as? NSNumber)?.doubleValue ?? 0) }
        }
        return (bounds, counts)
    }

    func setPaused(_ paused: Bool, _ simulator: FleetSimulator, _ servers: [SimulatedServer]) async throws {
        for server in servers { try await simulator.control(paused ? .pause : .resume, server: server.name) }
    }

    @Test func ratesAndQuantilesReadBackAgreeWithTheSimulator() async throws {
        let simulator = FleetSimulator(
            options: SimulatorOptions(count: 3, seed: 7, requestsPerSecond: 40, scenario: .none)
        )
        let servers = try await simulator.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        try await setPaused(true, simulator, servers)
        let before = try await groundTruth(servers, client)
        let targets = try servers.map { server in
            try ScrapeTarget(name: server.name, url: server.url, kind: nil, interval: 0.25, timeout: 10)
        }
        let run = try CollectorRun(targets)
        defer { run.directory.remove() }
        let names = servers.map(\.name)
        try await run.waitForPolls(2, targets: names)
        try await setPaused(false, simulator, servers)
        try await Task.sleep(for: .seconds(2))
        try await setPaused(true, simulator, servers)
        let paused = run.collector.statistics.polls
        try await run.waitForPolls(2, after: paused, targets: names)
        let after = try await groundTruth(servers, client)
        await run.stop()
        await simulator.stop()

        for server in servers {
            let name = server.name
            let old = try #require(before[name])
            let new = try #require(after[name])
            #expect(try run.scrapes(name).allSatisfy { $0.health == .up })
            let kind = try run.store.targets().first { $0.name == name }?.kind
            #expect(kind == server.kind.rawValue)
            let total = { (metric: CanonicalMetric, labels: String) throws -> Double? in
                let ids = try run.seriesIDs(name, metric.rawValue, labels: labels)
                return try run.store.counterTotal(ids, from: 0, to: Int64.max / 2)
            }
            let success = try total(.requests, RequestOutcome.success.labelText) ?? 0
            let errors = try total(.requests, RequestOutcome.error.labelText) ?? 0
            switch server.kind {
            case .vllm:
                let requests = number(new, "requests", "total") - number(old, "requests", "total")
                #expect(requests > 0)
                #expect(success + errors == requests)
                let failed = ["error", "abort"].reduce(0.0) { sum, reason in
                    sum + number(new, "requests", "by_finish_reason", reason)
                        - number(old, "requests", "by_finish_reason", reason)
                }
                #expect(errors == failed)
                let prompt = number(new, "prompt_tokens") - number(old, "prompt_tokens")
                #expect(try total(.promptTokens, "") == prompt)
                try expectHistogramAgrees(run, name, .e2eLatency, old, new, "vllm:e2e_request_latency_seconds")
                try expectHistogramAgrees(run, name, .timeToFirstToken, old, new, "vllm:time_to_first_token_seconds")
            case .tgi:
                #expect(success == number(new, "requests", "success") - number(old, "requests", "success"))
                #expect(errors == number(new, "requests", "failure") - number(old, "requests", "failure"))
                try expectHistogramAgrees(run, name, .e2eLatency, old, new, "tgi_request_duration")
            case .llamacpp:
                let generated = try total(.generationTokens, "")
                #expect(generated != nil)
            }
            // llama.cpp reports busy slots, not the simulator's running count.
            if server.kind != .llamacpp {
                let gauges = try run.store.latestGauges(
                    try run.seriesIDs(name, CanonicalMetric.running.rawValue),
                    notBefore: 0
                )
                #expect(gauges.values.first == number(new, "running"))
            }
        }
    }

    /// The stored canonical histogram equals the ground-truth difference bucket by bucket, and the
    /// status quantiles equal `histogram_quantile` of that difference.
    func expectHistogramAgrees(
        _ run: CollectorRun,
        _ name: String,
        _ metric: CanonicalMetric,
        _ old: [String: Any],
        _ new: [String: Any],
        _ family: String
    ) throws {
        let first = cumulative(old, family)
        let last = cumulative(new, family)
        let expected = zip(last.counts, first.counts).map { $0 - $1 }
        let ids = try run.seriesIDs(name, metric.rawValue)
        let stored = try #require(try run.store.histogramTotal(ids, from: 0, to: Int64.max / 2))
        #expect(stored.upperBounds.count == last.bounds.count)
        for (bound, reference) in zip(stored.upperBounds, last.bounds) where reference.isFinite {
            #expect(abs(bound - reference) <= 1e-12 * reference)
        }
        #expect(stored.cumulativeCounts == expected)
        let buckets = zip(last.bounds, expected).map { HistogramBucket(upperBound: $0, cumulativeCount: $1) }
        let target = try #require(try run.store.targets().first { $0.name == name })
        let now = Int64(Date().timeIntervalSince1970 * 1000) + 1000
        let status = try StatusReader(store: run.store).status(of: target, window: 3_600_000, now: now)
        let quantiles = metric == .e2eLatency ? status.latencySeconds : status.ttftSeconds
        for (q, value) in [(0.5, quantiles.p50), (0.95, quantiles.p95), (0.99, quantiles.p99)] {
            let reference = histogramQuantile(q, buckets)
            #expect(value.map { abs($0 - reference) < 1e-9 } ?? reference.isNaN)
        }
    }
}
