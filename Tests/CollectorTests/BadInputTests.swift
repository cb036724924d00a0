import Config
import Foundation
import Store
import TestSupport
import Testing
import Vocabulary

@testable import Collector

/// Broken servers over real loopback HTTP: every one is reported, none crashes the collector.
struct BadInputTests {
    static let healthyMetrics = """
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{model_name="m"} 2.0
        # TYPE vllm:request_success_total counter
        vllm:request_success_total{finished_reason="stop",model_name="m"} 10.0

        """

    /// Serves `/metrics` through `metrics` and answers every other path 200 `{}`.
    func server(_ metrics: @escaping @Sendable (Int) -> LoopbackServer.Answer) async throws -> (LoopbackServer, String)
    {
        let server = LoopbackServer()
        let url = try await server.start { path, _, count in
            path == "/metrics" ? metrics(count) : .text("{}", contentType: "application/json")
        }
        return (server, url)
    }

    func lastScrape(
        of answer: LoopbackServer.Answer,
        cap: Int = 16 << 20,
        timeout: Double = 10
    ) async throws
        -> ScrapeRecord
    {
        let (server, url) = try await server { _ in answer }
        let target = try ScrapeTarget(name: "bad", url: url, kind: .vllm, interval: 0.2, timeout: timeout)
        let run = try await CollectorRun.run([target], polls: 3, maxResponseBytes: cap)
        await server.stop()
        defer { run.directory.remove() }
        return try #require(try run.store.lastScrape(target: "bad"))
    }

    @Test func malformedExpositionIsBadPayloadWithTheParseError() async throws {
        let scrape = try await lastScrape(of: .text("vllm:num_requests_running{model_name=\"m\" 2\n"))
        #expect(scrape.health == .badPayload)
        #expect(scrape.error?.contains("parse") == true)
    }

    @Test func htmlAnswerIsBadPayload() async throws {
        let login = LoopbackServer.Answer.text("<html><body>Sign in</body></html>", contentType: "text/html")
        let scrape = try await lastScrape(of: login)
        #expect(scrape.health == .badPayload)
        #expect(scrape.error?.contains("HTML") == true)
    }

    @Test func answerFarOverTheSizeCapIsCutOffAndReported() async throws {
        let line = "vllm:num_requests_running{model_name=\"m\"} 2.0\n"
        let huge = LoopbackServer.Answer.text(String(repeating: line, count: 100_000))
        let scrape = try await lastScrape(of: huge, cap: 64 << 10)
        #expect(scrape.health == .badPayload)
        #expect(scrape.error?.contains("size cap") == true)
        #expect(scrape.bytes <= 1 << 20)
    }

    @Test func serverThatNeverAnswersIsDownAfterTheTimeout() async throws {
        var answer = LoopbackServer.Answer.text(Self.healthyMetrics)
        answer.delay = 30
        let hang = answer
        let (server, url) = try await server { _ in hang }
        let target = try ScrapeTarget(name: "hang", url: url, kind: .prometheus, interval: 0.2, timeout: 0.3)
        let run = try await CollectorRun.run([target], polls: 2)
        await server.stop()
        defer { run.directory.remove() }
        let scrape = try #require(try run.store.lastScrape(target: "hang"))
        #expect(scrape.health == .down)
        #expect(scrape.error?.contains("timed out") == true)
    }

    @Test func counterGoingBackwardsIsAResetNotANegativeIncrease() async throws {
        let values: [Double] = [100, 150, 20, 50]
        let (server, url) = try await server { count in
            let value = values[min(count, values.count - 1)]
            return .text(
                """
                # TYPE vllm:request_success_total counter
                vllm:request_success_total{finished_reason="stop",model_name="m"} \(value)

                """
            )
        }
        // A poll that timed out under load would skip a value and change the sum: wait as long as it takes.
        let target = try ScrapeTarget(name: "reset", url: url, kind: .vllm, interval: 0.2, timeout: 120)
        let run = try await CollectorRun.run([target], polls: values.count + 1)
        await server.stop()
        defer { run.directory.remove() }
        try #require(try run.scrapes("reset").count >= values.count)
        let canonical = try run.seriesIDs(
            "reset",
            CanonicalMetric.requests.rawValue,
            labels: RequestOutcome.success.labelText
        )
        // First poll primes; then +50, reset → +20, +30, then unchanged.
        let canonicalTotal = try run.store.counterTotal(canonical, from: 0, to: Int64.max / 2)
        #expect(canonicalTotal == 100)
        let raw = try run.seriesIDs("reset", "vllm:request_success_total")
        let rawTotal = try run.store.counterTotal(raw, from: 0, to: Int64.max / 2)
        #expect(rawTotal == 100)
    }

    /// A generic exposition has no canonical values; its raw series are all there is to store,
    /// also once its pages are read by layout.
    @Test func genericExpositionKeepsItsRawSeries() async throws {
        let (server, url) = try await server { count in
            .text(
                """
                # TYPE jobs_total counter
                jobs_total{queue="a"} \(10 * count)
                # TYPE temperature gauge
                temperature 21.5

                """
            )
        }
        let target = try ScrapeTarget(name: "generic", url: url, kind: .prometheus, interval: 0.2, timeout: 10)
        let run = try await CollectorRun.run([target], polls: 5)
        await server.stop()
        defer { run.directory.remove() }
        let polls = try run.scrapes("generic").count
        try #require(polls >= 5)
        let jobs = try run.seriesIDs("generic", "jobs_total")
        #expect(jobs.count == 1)
        // The first poll primes; each later one adds 10.
        #expect(try run.store.counterTotal(jobs, from: 0, to: Int64.max / 2) == Double(10 * (polls - 1)))
        #expect(try run.seriesIDs("generic", "temperature").count == 1)
    }

    /// A raw series that did not move costs no row; the canonical request count still gets its
    /// zero rows, so `status` says 0 req/s rather than nothing.
    @Test func unchangedRawCounterWritesNoRowsButCanonicalOnesDo() async throws {
        let (server, url) = try await server { count in
            .text(
                """
                # TYPE vllm:request_success_total counter
                vllm:request_success_total{finished_reason="stop",model_name="m"} 10
                # TYPE vllm:prompt_tokens_total counter
                vllm:prompt_tokens_total{model_name="m"} \(100 * count)

                """
            )
        }
        let target = try ScrapeTarget(name: "quiet", url: url, kind: .vllm, interval: 0.2, timeout: 10)
        let run = try await CollectorRun.run([target], polls: 5)
        await server.stop()
        defer { run.directory.remove() }
        let polls = try run.scrapes("quiet").count
        try #require(polls >= 5)
        func rows(_ name: String, labels: String? = nil) throws -> [(ts: Int64, value: Double)] {
            let ids = try run.seriesIDs("quiet", name, labels: labels)
            return try run.store.counterSeries(ids, from: 0, to: Int64.max / 4, step: 1)
        }
        #expect(try rows("vllm:request_success_total").isEmpty)
        let tokens = try rows("vllm:prompt_tokens_total")
        #expect(tokens.count == polls - 1 && tokens.allSatisfy { $0.value == 100 })
        let requests = try rows(CanonicalMetric.requests.rawValue, labels: RequestOutcome.success.labelText)
        #expect(requests.count == polls - 1 && requests.allSatisfy { $0.value == 0 })
    }

    @Test func seriesThatChangesTypeIsSkippedWithoutLosingTheRest() async throws {
        let (server, url) = try await server { count in
            let type = count < 2 ? "counter" : "gauge"
            return .text(
                """
                # TYPE llamacpp:n_busy_slots_per_decode \(type)
                llamacpp:n_busy_slots_per_decode 3.5
                # TYPE llamacpp:requests_processing gauge
                llamacpp:requests_processing \(count)

                """
            )
        }
        let target = try ScrapeTarget(name: "retyped", url: url, kind: .llamacpp, interval: 0.2, timeout: 10)
        let run = try await CollectorRun.run([target], polls: 5)
        await server.stop()
        defer { run.directory.remove() }
        try #require(try run.scrapes("retyped").count >= 4)
        #expect(run.logs.lines.contains { $0.contains("n_busy_slots_per_decode") && $0.contains("not stored") })
        let ids = try run.seriesIDs("retyped", "llamacpp:requests_processing")
        let latest = try run.store.latestGauges(ids, notBefore: 0).values.first
        #expect((latest ?? 0) >= 3)
    }

    @Test func flappingTargetIsRecordedBothWaysAndKeepsBeingPolled() async throws {
        let server = LoopbackServer()
        let url = try await server.start { path, _, count in
            if path == "/health" { return count % 2 == 0 ? .text("") : .text("", status: 503) }
            return path == "/metrics" ? .text(Self.healthyMetrics) : .text("{}", contentType: "application/json")
        }
        let target = try ScrapeTarget(name: "flap", url: url, kind: .vllm, interval: 0.15, timeout: 10)
        let run = try await CollectorRun.run([target], polls: 8, backoffCap: 0.3)
        await server.stop()
        defer { run.directory.remove() }
        let health = Set(try run.scrapes("flap").map(\.health))
        #expect(health == [.up, .down])
        #expect(run.logs.lines.contains { $0.contains("flap: up → down") })
        #expect(run.logs.lines.contains { $0.contains("flap: down → up") })
    }

    @Test func failingTargetBacksOffWhileOthersKeepTheirSchedule() async throws {
        let (server, url) = try await server { _ in .text(Self.healthyMetrics) }
        let healthy = try ScrapeTarget(name: "healthy", url: url, kind: .prometheus, interval: 0.2, timeout: 10)
        let refused = try ScrapeTarget(
            name: "refused",
            url: "http://127.0.0.1:1",
            kind: .prometheus,
            interval: 0.2,
            timeout: 1
        )
        let run = try await CollectorRun.run([healthy, refused], polls: 24, waitingOn: ["healthy"], backoffCap: 30)
        await server.stop()
        defer { run.directory.remove() }
        let good = try run.scrapes("healthy")
        let bad = try run.scrapes("refused")
        #expect(good.count >= 24)
        #expect(bad.allSatisfy { $0.health == .down })
        // Delays double (0.4, 0.8, 1.6, 3.2 s…) while the healthy target keeps its 0.2 s interval:
        // 24 healthy polls take at least 4.8 s, in which the refused one gets about 5.
        #expect(bad.count >= 2)
        #expect(bad.count * 3 < good.count)
    }
}
