import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `llmdeck sim` serving three experiments with known truths, `llmdeck collect` polling it, and
/// `llmdeck ab --json` reading the store: the effect is found, the null is not, the broken split
/// is flagged, and the success counts equal the simulator's ground truth.
@Suite(.serialized)
struct ABEndToEndTests {
    /// Experiments begin 3 s after the fleet, so the collector's first poll (which only primes)
    /// comes before their first request and every request is stored as an increment.
    static let plans = [
        "effect:variants=a,b;success=0.5,0.8;servers=2;rate=60;start=3",
        "null:variants=a,b;success=0.8,0.8;servers=2;rate=60;start=3",
        "split:variants=a,b;weights=30,70;success=0.9;servers=2;rate=60;start=3",
    ]

    private struct Truth: Decodable {
        struct Experiment: Decodable {
            var name: String
            var variants: [Variant]
        }

        struct Variant: Decodable {
            var name: String
            var requests: Double
            var successes: Double
        }

        var experiments: [Experiment]
    }

    private struct Report: Decodable {
        struct Experiment: Decodable {
            var name: String
            var control: String
            var srm: Ratio?
            var variants: [Variant]
            var comparisons: [Comparison]
            var verdict: String
        }

        struct Ratio: Decodable {
            var p_value: Double
            var mismatch: Bool
        }

        struct Variant: Decodable {
            var name: String
            var requests: Double
            var successes: Double
        }

        struct Comparison: Decodable {
            var variant: String
            var metric: String
            var always_valid_p_value: Double
            var significant: Bool
        }

        var experiments: [Experiment]
    }

    @Test func abFindsTheEffectNotTheNullFlagsTheSplitAndCountsEqualTheTruth() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = freePortBase(count: 4)
        let common =
            ["--count", "4", "--base-port", "\(base)", "--scenario", "none", "--rate", "5"]
            + Self.plans.flatMap { ["--experiment", $0] }
        let printed = try await CommandRun.llmdeck(["sim", "--print-config"] + common)
        try #require(printed.status == 0, "\(printed.standardError)")
        let yaml = printed.standardOutput.replacingOccurrences(
            of: #"interval: [0-9a-z.]+"#,
            with: "interval: 250ms",
            options: .regularExpression
        )
        let config = directory.path("config.yaml")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let store = directory.path("deck.sqlite")
        let simulator = try BackgroundProcess(llmdeck: ["sim"] + common, in: directory, name: "sim")
        defer { kill(simulator.process.processIdentifier, SIGTERM) }
        try #require(await waitUntil { simulator.output.contains("serving") }, "\(simulator.output)")
        let collector = try BackgroundProcess(
            llmdeck: ["collect", "--config", config, "--db", store],
            in: directory,
            name: "collect"
        )
        // Traffic for about 15 s, then the fleet's clocks stop and the collector takes the last
        // counts (a few more polls) before it is stopped.
        try await Task.sleep(for: .seconds(18))
        let ports = (0..<4).map { base + $0 }
        for port in ports {
            _ = try await simulatorRequest("http://127.0.0.1:\(port)/sim/control", body: #"{"action": "pause"}"#)
        }
        try await Task.sleep(for: .seconds(2))
        await collector.stop(signal: SIGINT)
        #expect(collector.process.terminationStatus == 0, "\(collector.output)")

        let truthData = try await simulatorRequest("http://127.0.0.1:\(base)/sim/experiments")
        let truth = try JSONDecoder().decode(Truth.self, from: truthData)
        let run = try await CommandRun.llmdeck(["ab", "--json", "--config", config, "--db", store])
        #expect(run.status == 0, "\(run.standardError)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.standardOutput.utf8))
        #expect(Set(report.experiments.map(\.name)) == ["effect", "null", "split"])

        for experiment in truth.experiments {
            let read = try #require(report.experiments.first { $0.name == experiment.name })
            for variant in experiment.variants {
                let stored = try #require(read.variants.first { $0.name == variant.name })
                #expect(stored.successes == variant.successes, "\(experiment.name)/\(variant.name) successes")
                #expect(stored.requests == variant.requests, "\(experiment.name)/\(variant.name) requests")
                #expect(variant.requests > 300, "enough traffic for the verdicts below")
            }
        }
        let effect = try #require(report.experiments.first { $0.name == "effect" })
        #expect(effect.verdict.hasPrefix("b better"), "\(effect.verdict)")
        #expect(effect.comparisons.first { $0.metric == "success_rate" }?.significant == true)
        #expect(effect.srm?.mismatch == false)
        let null = try #require(report.experiments.first { $0.name == "null" })
        #expect(null.comparisons.allSatisfy { !$0.significant }, "\(null.comparisons)")
        #expect(!null.verdict.contains("better") && !null.verdict.contains("worse"), "\(null.verdict)")
        let split = try #require(report.experiments.first { $0.name == "split" })
        #expect(split.srm?.mismatch == true)
        // Served 30/70 (a seeded draw, so within a point or two of it) against an expected 50/50.
        #expect(split.verdict.hasPrefix("Sample ratio mismatch: "), "\(split.verdict)")
        #expect(split.verdict.hasSuffix(" vs 50/50 expected"), "\(split.verdict)")
        #expect((split.srm?.p_value ?? 1) < 0.001)

        let one = try await CommandRun.llmdeck(["ab", "effect", "--config", config, "--db", store])
        #expect(one.status == 0)
        #expect(one.standardOutput.contains("Verdict: b better"), "\(one.standardOutput)")
        let unknown = try await CommandRun.llmdeck(["ab", "nope", "--config", config, "--db", store])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no experiment nope"), "\(unknown.standardError)")
    }
}
