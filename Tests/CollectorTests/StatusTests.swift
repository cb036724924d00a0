import Fleet
import Foundation
import Store
import TestSupport
import Testing
import Vocabulary

@testable import Collector

/// `DeploymentStatus` read back from a real store after ingesting cumulative observations.
struct StatusTests {
    static let bounds = [0.1, 0.5, 1, Double.infinity]

    func observation(
        at ts: Int64,
        requests: Double,
        errors: Double,
        buckets: [Double],
        tokens: Double
    ) -> TargetObservation {
        TargetObservation(
            target: "chat",
            url: "http://127.0.0.1:1",
            environment: "production",
            kind: .vllm,
            timestamp: ts,
            health: .up,
            canonical: [
                CanonicalSample(
                    metric: .requests,
                    labels: RequestOutcome.success.labelText,
                    source: "a",
                    value: .counter(requests)
                ),
                CanonicalSample(
                    metric: .requests,
                    labels: RequestOutcome.error.labelText,
                    source: "b",
                    value: .counter(errors)
                ),
                CanonicalSample(metric: .generationTokens, source: "c", value: .counter(tokens)),
                CanonicalSample(
                    metric: .e2eLatency,
                    source: "d",
                    value: .histogram(upperBounds: Self.bounds, cumulativeCounts: buckets, count: buckets[3], sum: 20)
                ),
                CanonicalSample(metric: .running, source: "e", value: .gauge(5)),
            ],
            identity: ServedIdentity(model: "chat", version: "v1")
        )
    }

    @Test func ratesQuantilesAndNullsMatchReferenceValues() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store(path: directory.path("s.sqlite"))
        var ingestor = Ingestor(store: store)
        let now: Int64 = 1_800_000_000_000
        var batch = StoreBatch()
        batch.targets = [TargetRecord(name: "chat", url: "http://127.0.0.1:1", kind: "vllm", environment: "production")]
        // Primes at t−50 s, then +90 successes, +10 errors, +6000 tokens, buckets +[10, 30, 10, 0].
        ingestor.add(
            observation(at: now - 50_000, requests: 1000, errors: 5, buckets: [1, 2, 3, 3], tokens: 100),
            to: &batch
        )
        ingestor.add(
            observation(at: now - 10_000, requests: 1090, errors: 15, buckets: [11, 42, 53, 53], tokens: 6100),
            to: &batch
        )
        batch.versions = [VersionRecord(target: "chat", ts: now - 50_000, model: "chat", version: "v1")]
        try store.write(batch)

        let status = try StatusReader(store: store).status(
            of: try #require(try store.targets().first),
            window: 60_000,
            now: now
        )
        #expect(status.requestsPerSecond == 100.0 / 60)
        #expect(status.errorRatio == 0.1)
        #expect(status.tokensPerSecond == 100)
        // Cumulative [10, 40, 50, 50]: p50 = 0.1 + 0.4 × 15/30, p95 = 0.5 + 0.5 × 7.5/10, p99 = 0.5 + 0.5 × 9.5/10.
        #expect(abs((status.latencySeconds.p50 ?? 0) - 0.3) < 1e-12)
        #expect(abs((status.latencySeconds.p95 ?? 0) - 0.875) < 1e-12)
        #expect(abs((status.latencySeconds.p99 ?? 0) - 0.975) < 1e-12)
        #expect(status.ttftSeconds == LatencyQuantiles())
        #expect(status.running == 5)
        #expect(status.waiting == nil)
        #expect(status.kvCacheUsage == nil)
        #expect(status.model == "chat")
        #expect(status.version == "v1")
    }

    @Test func jsonHasEveryKeyWithNullsForMissingValues() throws {
        let status = DeploymentStatus(
            name: "chat",
            kind: "tgi",
            environment: "production",
            health: .up,
            lastError: nil,
            lastPoll: nil,
            model: nil,
            version: nil,
            requestsPerSecond: 2,
            errorRatio: nil,
            latencySeconds: LatencyQuantiles(p50: 0.25),
            ttftSeconds: LatencyQuantiles(),
            tokensPerSecond: nil,
            running: nil,
            waiting: nil,
            kvCacheUsage: nil
        )
        let data = try JSONEncoder().encode(status)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let keys: Set<String> = [
            "name", "kind", "environment", "health", "last_error", "model", "version", "requests_per_second",
            "error_ratio", "latency_seconds", "ttft_seconds", "tokens_per_second", "cost_per_hour", "running",
            "waiting", "kv_cache_usage",
        ]
        #expect(Set(object.keys) == keys)
        #expect(object["cost_per_hour"] is NSNull)
        #expect(object["error_ratio"] is NSNull)
        let ttft = try #require(object["ttft_seconds"] as? [String: Any])
        #expect(Set(ttft.keys) == ["p50", "p95", "p99"])
        #expect(ttft["p95"] is NSNull)
    }
}
