import Foundation
import Testing

@testable import Simulator

struct ServerModelTests {
    private func model(
        kind: SimulatedKind = .vllm,
        seed: UInt64 = 7,
        rate: Double = 20,
        steps: [Scenario.Step] = []
    ) -> ServerModel {
        let identity = ServerIdentity.fleet(count: 3, kinds: [kind])[0]
        return ServerModel(
            identity: identity,
            seed: seed,
            requestsPerSecond: rate,
            experiments: ExperimentPlan.standard,
            steps: steps,
            startUnix: 1.7e9
        )
    }

    private func state(_ model: ServerModel) -> Data {
        GroundTruth.json(model, url: "http://x", paused: false)
    }

    @Test func sameSeedAndReadTimesReproduceTheSameState() {
        var first = model(seed: 11)
        var second = model(seed: 11)
        for time in [3.0, 17.5, 60, 61, 130] {
            first.advance(to: time)
        }
        second.advance(to: 130)
        #expect(first.metrics.requestsTotal > 1000)
        #expect(state(first) == state(second))
        var other = model(seed: 12)
        other.advance(to: 130)
        #expect(state(other) != state(first))
    }

    @Test func countersNeverDecreaseAsTimeAdvances() {
        var server = model(rate: 30)
        var previous = (requests: 0.0, prompt: 0.0, bucket: [Double](repeating: 0, count: 22))
        for time in stride(from: 1.0, through: 120, by: 7) {
            server.advance(to: time)
            let buckets = server.metrics.endToEnd.cumulativeCounts
            #expect(server.metrics.requestsTotal >= previous.requests)
            #expect(server.metrics.promptTokens >= previous.prompt)
            #expect(zip(buckets, previous.bucket).allSatisfy { $0 >= $1 })
            previous = (server.metrics.requestsTotal, server.metrics.promptTokens, buckets)
        }
    }

    @Test func histogramCountsSumAndCounterAgree() {
        var server = model(rate: 25)
        server.advance(to: 200)
        let metrics = server.metrics
        #expect(metrics.endToEnd.count == metrics.requestsTotal)
        #expect(metrics.endToEnd.cumulativeCounts.last == metrics.endToEnd.count)
        #expect(metrics.promptLength.sum == metrics.promptTokens)
        #expect(metrics.generationLength.sum == metrics.generationTokens)
        let experiment = metrics.experiments.flatMap(\.variants)
        let requests = experiment.map(\.requests).reduce(0, +)
        #expect(requests > 0 && requests < metrics.requestsTotal)
        #expect(experiment.map(\.latency.count).reduce(0, +) == requests)
        #expect(experiment.map(\.completionTokens).reduce(0, +) < metrics.generationTokens)
    }

    @Test func scenarioDeployAppliesAtItsOffsetAndSlowsRequests() {
        let steps = [
            Scenario.Step(
                offset: 60,
                target: .index(0),
                command: .deploy(version: nil, latencyFactor: 4, errorRate: nil)
            )
        ]
        var server = model(rate: 20, steps: steps)
        server.advance(to: 59.9)
        #expect(server.currentRelease.label == "v1.2.0")
        let before = (sum: server.metrics.endToEnd.sum, count: server.metrics.endToEnd.count)
        server.advance(to: 60.1)
        #expect(server.currentRelease.label == "v1.3.0")
        #expect(server.reportedVersion.hasSuffix("/v1.3.0"))
        server.advance(to: 200)
        let after = (sum: server.metrics.endToEnd.sum - before.sum, count: server.metrics.endToEnd.count - before.count)
        #expect(after.count > 100)
        #expect(after.sum / after.count > 2 * before.sum / before.count)
    }

    @Test func rollbackRevertsVersionAndRefusesWithNothingToRevert() throws {
        var server = model(kind: .tgi)
        let firstSha = server.reportedVersion
        #expect(throws: SimulatorError.self) { try server.apply(.rollback, unixNow: 0) }
        try server.apply(.deploy(version: "v9", latencyFactor: 3, errorRate: nil), unixNow: 0)
        #expect(server.reportedVersion != firstSha)
        #expect(server.reportedVersion.count == 40)
        try server.apply(.rollback, unixNow: 0)
        #expect(server.reportedVersion == firstSha)
        #expect(server.currentRelease.latencyFactor == 1)
    }

    @Test func resetCountersStartsFromZeroWithANewCreatedTime() throws {
        var server = model()
        server.advance(to: 60)
        #expect(server.metrics.requestsTotal > 0)
        try server.apply(.resetCounters, unixNow: 1.8e9)
        #expect(server.metrics.requestsTotal == 0)
        #expect(server.metrics.createdUnix == 1.8e9)
        server.advance(to: 90)
        #expect(server.metrics.requestsTotal > 0)
    }

    @Test func driftLengthensPromptsAndErrorBurstRaisesFailures() throws {
        var server = model(rate: 30)
        server.advance(to: 100)
        let base = server.metrics
        try server.apply(.drift(promptFactor: 3), unixNow: 0)
        try server.apply(.errors(rate: 0.5, seconds: 100), unixNow: 0)
        server.advance(to: 200)
        let promptPerRequest =
            (server.metrics.promptTokens - base.promptTokens)
            / (server.metrics.requestsTotal - base.requestsTotal)
        #expect(promptPerRequest > 2 * base.promptTokens / base.requestsTotal)
        let failures = server.metrics.requestsTotal - server.metrics.successTotal
        #expect(
            failures - (base.requestsTotal - base.successTotal) > 0.3
                * (server.metrics.requestsTotal - base.requestsTotal)
        )
    }

    @Test func demoScenarioPicksDistinctProductionServers() {
        let identities = ServerIdentity.fleet(count: 6, kinds: [.vllm, .tgi, .llamacpp])
        let resolved = Scenario.demo.resolved(for: identities)
        #expect(resolved.map(\.index) == [0, 1, 3, 2])
        #expect(resolved.allSatisfy { identities[$0.index].environment == "production" })
        let names = ["chat-prod", "code-prod", "assist-prod", "search-prod", "summarize-prod", "translate-canary"]
        #expect(identities.map(\.name) == names)
        #expect(Set(ServerIdentity.fleet(count: 1000, kinds: [.vllm]).map(\.name)).count == 1000)
    }

    /// NumPy `np.quantile([1, 2, 3, 4], [0.5, 0.95])` = [2.5, 3.85].
    @Test func exactQuantilesInterpolateLikeNumPy() throws {
        #expect(GroundTruth.exactQuantile(0.5, [4, 1, 3, 2]) == 2.5)
        let q95 = try #require(GroundTruth.exactQuantile(0.95, [1, 2, 3, 4]))
        #expect(abs(q95 - 3.85) < 1e-12)
        #expect(GroundTruth.exactQuantile(0.5, []) == nil)
    }
}
