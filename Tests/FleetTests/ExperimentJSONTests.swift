import Fleet
import Foundation
import Testing

/// `llmdeck ab --json` writes the report's numbers, not something derived from them: every
/// number of a comparison and a variant read back from the JSON equals the report's own.
struct ExperimentJSONTests {
    @Test func theJSONCarriesTheReportsNumbers() throws {
        var fixture = try ExperimentStore()
        defer { fixture.remove() }
        try fixture.run(ticks: 60) { _ in
            [
                ExperimentStore.Poll(target: "chat", experiment: "tone", variant: "a", successes: 40, failures: 10),
                ExperimentStore.Poll(target: "chat", experiment: "tone", variant: "b", successes: 46, failures: 4),
            ]
        }
        let report = try #require(try ExperimentReader(store: fixture.store).reports(now: fixture.now).first)
        let comparison = try #require(report.comparisons.first { $0.metric == "success_rate" })
        let data = Data(report.json.text.utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let comparisons = try #require(object["comparisons"] as? [[String: Any]])
        let written = try #require(comparisons.first { $0["metric"] as? String == "success_rate" })
        // Each of these was once written as 1: a private `finite(_:)` lost to the C library's
        // `finite(double) -> Int32` for every non-optional number.
        // JSON text reads back to the last bit or one ulp off.
        func same(_ key: String, _ value: Double) -> Bool {
            guard let read = written[key] as? Double else { return false }
            return abs(read - value) <= 1e-12 * abs(value)
        }
        #expect(same("p_value", comparison.pValue))
        #expect(same("always_valid_p_value", comparison.alwaysValidPValue))
        #expect(same("absolute_difference", comparison.absoluteDifference))
        #expect(same("ci_low", comparison.interval.lower))
        #expect(same("ci_high", comparison.interval.upper))
        #expect(comparison.pValue < 0.01 && comparison.absoluteDifference > 0.1, "numbers a 1 cannot pass for")
        let variants = try #require(object["variants"] as? [[String: Any]])
        #expect(variants.first?["success_rate"] as? Double == report.variants.first?.successRate)
        #expect(report.variants.first?.successRate == 0.8)
    }
}
