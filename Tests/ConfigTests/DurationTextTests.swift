import Config
import Testing

struct DurationTextTests {
    @Test(arguments: [
        ("500ms", 0.5), ("5s", 5), ("1m", 60), ("1m30s", 90), ("2h", 7200), ("7d", 604_800),
        ("1w", 604_800), ("1y", 31_536_000), ("5", 5), ("0.25", 0.25), ("1.5h", 5400),
        ("1h1m1s1ms", 3661.001), (" 10s ", 10), ("0s", 0),
    ])
    func parsesDurations(text: String, seconds: Double) {
        #expect(parseDuration(text) == seconds)
    }

    @Test(arguments: ["", "s", "5x", "-5s", "5 s", "1s1m", "1m1m", "1.2.3s", "abc", "5S", "1e3", "inf", "nan", "."])
    func rejectsMalformedDurations(text: String) {
        #expect(parseDuration(text) == nil)
    }

    @Test(arguments: [
        (0.5, "500ms"), (5, "5s"), (90, "1m30s"), (7200, "2h"), (604_800, "1w"), (172_800, "2d"),
        (3661.001, "1h1m1s1ms"),
    ])
    func formatsDurationsInShortestUnits(seconds: Double, text: String) {
        #expect(formatDuration(seconds) == text)
        #expect(parseDuration(formatDuration(seconds)) == seconds)
    }
}
