import Foundation
import Testing

@testable import Simulator

/// The experiment traffic the server models generate, without HTTP: splits, true rates, effects, and that
/// the demo's rates make the effect and the broken split detectable within minutes.
struct ExperimentTrafficTests {
    /// The vLLM servers of a fleet as `FleetSimulator` builds them, each with the plans it serves.
    static func replicas(
        _ plans: [ExperimentPlan],
        count: Int = 6,
        rate: Double = 5,
        seed: UInt64 = 42,
        scenario: Scenario = .none
    ) -> [ServerModel] {
        let identities = ServerIdentity.fleet(count: count, kinds: [.vllm, .tgi, .llamacpp])
        let assignment = ExperimentAssignment(plans: plans, identities: identities)
        let steps = scenario.resolved(for: identities)
        return identities.filter { $0.kind == .vllm }.map { identity in
            ServerModel(
                identity: identity,
                seed: seed,
                requestsPerSecond: rate,
                experiments: assignment.plans(servedBy: identity.index),
                steps: steps.filter { $0.index == identity.index }.map(\.step),
                startUnix: 1.7e9
            )
        }
    }

    /// The named experiment summed over the replicas, as `GET /sim/experiments` sums it.
    static func truth(_ name: String, _ replicas: [ServerModel]) throws -> ExperimentTruth {
        let parts = replicas.compactMap { model in model.metrics.experiments.first { $0.plan.name == name } }
        let plan = try #require(parts.first?.plan)
        return ExperimentTruth(plan: plan, servers: replicas.map(\.identity.name), parts: parts)
    }

    /// Twenty simulated minutes of the standard plans on the demo fleet's two replicas, experiment traffic
    /// only; computed once (about a second in a debug build) and shared by the tests that read totals.
    static let twentyMinutes: [ServerModel] = {
        var servers = replicas(ExperimentPlan.standard, rate: 0)
        advance(&servers, to: 1200)
        return servers
    }()

    static func advance(_ replicas: inout [ServerModel], to time: Double) {
        for index in replicas.indices {
            replicas[index].advance(to: time)
        }
    }

    /// Each variant's count is Binomial(n, w): the test allows 4 standard errors, √(w(1−w)/n), around the
    /// weight. The stream is seeded, so the result is fixed; 4 SE means a different seed or draw order
    /// would still pass with probability above 99.99 % per variant.
    @Test func servedSplitFollowsTheWeightsWithinFourStandardErrors() throws {
        let servers = Self.twentyMinutes
        for plan in ExperimentPlan.standard {
            let truth = try Self.truth(plan.name, servers)
            let total = Double(truth.variants.map(\.requests).reduce(0, +))
            #expect(total > 4000, "\(plan.name) has \(total) requests")
            for (variant, weight) in zip(truth.variants, plan.split) {
                let share = Double(variant.requests) / total
                let tolerance = 4 * (weight * (1 - weight) / total).squareRoot()
                #expect(abs(share - weight) <= tolerance, "\(plan.name)/\(variant.name) \(share) vs \(weight)")
                #expect(variant.weight == weight && variant.expectedWeight == 1 / Double(plan.variants.count))
            }
        }
    }

    /// Observed success rate = true probability × (1 − server error rate, 1 %), within 4 standard errors;
    /// the zero-effect plans have equal true rates and report a zero difference.
    @Test func observedSuccessRatesMatchTheTrueProbabilities() throws {
        let servers = Self.twentyMinutes
        for plan in ExperimentPlan.standard {
            let truth = try Self.truth(plan.name, servers)
            for variant in truth.variants {
                let expected = variant.successProbability * (1 - ServerModel.baseErrorRate)
                let observed = Double(variant.successes) / Double(variant.requests)
                let tolerance = 4 * (expected * (1 - expected) / Double(variant.requests)).squareRoot()
                #expect(abs(observed - expected) <= tolerance, "\(plan.name)/\(variant.name) \(observed)")
                #expect(variant.successes + variant.failures == variant.requests)
            }
        }
        for name in ["few-shot", "router-v2"] {
            let truth = try Self.truth(name, servers)
            #expect(Set(truth.variants.map(\.successProbability)).count == 1)
            #expect(truth.variants.allSatisfy { $0.successDifference == 0 })
        }
        let effect = try Self.truth("system-prompt", servers).variants.map(\.successDifference)
        #expect(effect == [0, 0.04])
    }

    @Test func latencyFactorSlowsOnlyItsVariant() throws {
        let servers = Self.twentyMinutes
        let variants = try Self.truth("system-prompt", servers).variants
        let mean = variants.map { $0.latencySeconds.sum / Double($0.latencySeconds.count) }
        // Queueing (40 ms mean) is not scaled, so the ratio is a little under 1.1.
        #expect(mean[1] / mean[0] > 1.05 && mean[1] / mean[0] < 1.15, "\(mean)")
        let nullMeans = try Self.truth("few-shot", servers).variants.map {
            $0.latencySeconds.sum / Double($0.latencySeconds.count)
        }
        #expect((nullMeans.max() ?? 0) / (nullMeans.min() ?? 1) < 1.05, "\(nullMeans)")
    }

    @Test func experimentCountersNeverDecrease() throws {
        var servers = Self.replicas(ExperimentPlan.standard)
        var previous: [String: [Double]] = [:]
        for time in stride(from: 5.0, through: 200, by: 5) {
            Self.advance(&servers, to: time)
            for server in servers {
                for experiment in server.metrics.experiments {
                    let key = "\(server.identity.name)/\(experiment.plan.name)"
                    let values = experiment.variants.flatMap { variant in
                        [
                            variant.success, variant.failure, variant.promptTokens, variant.completionTokens,
                            variant.costDollars, variant.positiveFeedback, variant.negativeFeedback,
                        ] + variant.latency.cumulativeCounts + variant.score.cumulativeCounts
                    }
                    let before = previous[key] ?? values.map { _ in 0 }
                    #expect(zip(values, before).allSatisfy { $0 >= $1 }, "\(key) at \(time)")
                    previous[key] = values
                }
            }
        }
        #expect(previous.count == 6)
    }

    /// Feedback and score follow the application's verdict; cost is the tokens at the plan's prices.
    @Test func feedbackScoreAndCostFollowTheRequests() throws {
        let servers = Self.twentyMinutes
        let system = try Self.truth("system-prompt", servers)
        for variant in system.variants {
            let feedback = Double(variant.positiveFeedback + variant.negativeFeedback)
            #expect(abs(feedback / Double(variant.requests) - ServerModel.feedbackShare) < 0.02)
            let positiveRate = Double(variant.positiveFeedback) / feedback
            let successRate = Double(variant.successes) / Double(variant.requests)
            #expect(abs(positiveRate - (0.2 + 0.65 * successRate)) < 0.03, "\(positiveRate)")
            let score = try #require(variant.score)
            #expect(score.count == variant.requests && score.upperBounds.count == 10)
            #expect(abs(score.sum / Double(score.count) - (0.35 + 0.43 * successRate)) < 0.02)
            let dollars = (Double(variant.promptTokens) * 0.15 + Double(variant.completionTokens) * 0.6) / 1e6
            #expect(abs(try #require(variant.costDollars) - dollars) < 1e-9 * dollars)
        }
        let router = try Self.truth("router-v2", servers)
        #expect(router.variants.allSatisfy { $0.costDollars == nil && $0.score == nil })
    }

    @Test func zeroWeightVariantGetsNoTrafficAndOneVariantRuns() throws {
        let plans = [
            try ExperimentPlan(parsing: "empty-arm:variants=a,b,c;weights=1,0,1;rate=20"),
            try ExperimentPlan(parsing: "solo:variants=only;rate=5"),
        ]
        var servers = Self.replicas(plans)
        Self.advance(&servers, to: 120)
        let requests = try Self.truth("empty-arm", servers).variants.map(\.requests)
        #expect(requests[1] == 0 && requests[0] > 1000 && requests[2] > 1000)
        #expect(try Self.truth("solo", servers).variants[0].requests > 500)
    }

    /// Before its start an experiment exports zeros and its share of requests is the server's own traffic.
    @Test func experimentBeginsAtItsStart() throws {
        let plan = try ExperimentPlan(parsing: "later:variants=a,b;rate=10;start=60")
        var servers = Self.replicas([plan])
        Self.advance(&servers, to: 59.9)
        let before = servers.map(\.metrics.requestsTotal).reduce(0, +)
        #expect(before > 500)
        #expect(try Self.truth("later", servers).variants.allSatisfy { $0.requests == 0 })
        Self.advance(&servers, to: 120)
        let truth = try Self.truth("later", servers)
        #expect(truth.startSeconds == 60 && truth.variants.allSatisfy { $0.requests > 300 })
    }

    /// The demo fleet (6 servers, 5 req/s, the default scenario with its error burst on a replica, seed 42)
    /// looked at every 5 s: the always-valid p of system-prompt's b vs a falls below 0.05 and router-v2's
    /// split fails the χ² test at p < 0.001 within 5 minutes, and few-shot's null arms never reach 0.05.
    @Test func demoTrafficRevealsTheEffectAndTheBrokenSplitWithinFiveMinutes() throws {
        var servers = Self.replicas(ExperimentPlan.standard, scenario: .demo)
        var found: (effect: Double?, split: Double?, nullEffect: Double?) = (nil, nil, nil)
        for time in stride(from: 5.0, through: 300, by: 5) {
            Self.advance(&servers, to: time)
            let system = try Self.truth("system-prompt", servers).variants
            if found.effect == nil, Self.alwaysValidP(system[0], system[1]) < 0.05 {
                found.effect = time
            }
            let router = try Self.truth("router-v2", servers).variants.map { Double($0.requests) }
            let expected = router.reduce(0, +) / 2
            let chiSquare = router.map { ($0 - expected) * ($0 - expected) / expected }.reduce(0, +)
            if found.split == nil, chiSquare > 10.83 {
                found.split = time
            }
            let null = try Self.truth("few-shot", servers).variants
            if found.nullEffect == nil, null.dropFirst().contains(where: { Self.alwaysValidP(null[0], $0) < 0.05 }) {
                found.nullEffect = time
            }
        }
        #expect(found.effect != nil, "system-prompt effect not found in 5 minutes")
        #expect(found.split != nil, "router-v2 split not flagged in 5 minutes")
        #expect(found.nullEffect == nil, "few-shot showed an effect at \(found.nullEffect ?? 0) s")
    }

    /// The normal-mixture mSPRT p-value of two rates at α = 0.05 with GrowthBook's N* = 5,000 (τ² = ρ²·N·SE²),
    /// as Sources/Analysis/Experiment/MixtureSequentialTest.swift computes it for one look (restated: this test
    /// target does not depend on Analysis). One look's p; the running minimum is what a consumer shows.
    static func alwaysValidP(_ control: ExperimentTruth.Variant, _ treatment: ExperimentTruth.Variant) -> Double {
        let (nC, nT) = (Double(control.requests), Double(treatment.requests))
        guard nC > 0, nT > 0 else { return 1 }
        let (pC, pT) = (Double(control.successes) / nC, Double(treatment.successes) / nT)
        let se2 = pC * (1 - pC) / nC + pT * (1 - pT) / nT
        guard se2 > 0 else { return 1 }
        let minusTwoLogAlpha = -2 * log(0.05)
        let rho2 = (minusTwoLogAlpha + log(minusTwoLogAlpha + 1)) / 5000
        let tau2 = rho2 * (nC + nT) * se2
        let logRatio = -0.5 * log1p(tau2 / se2) + tau2 * (pT - pC) * (pT - pC) / (2 * se2 * (se2 + tau2))
        return min(1, exp(-logRatio))
    }
}
