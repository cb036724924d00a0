import Analysis
import Terminal
import Testing

@testable import Console
@testable import Fleet

/// The Experiments pane drawn through the text backend: the list, the split check before any
/// result, the variants, the converging difference, the full statistics, hostile names inert.
struct ExperimentsPaneTests {
    static let now = ConsoleFixtures.now

    static func report(
        _ name: String,
        split: [Double] = [0.5, 0.5],
        verdict: String,
        tone: VerdictTone
    ) -> ExperimentReport {
        let history = (1...40).map { step -> DifferencePoint in
            let width = 0.3 / Double(step).squareRoot()
            return DifferencePoint(
                time: now - Int64(40 - step) * 10_000,
                difference: 0.03,
                lower: 0.03 - width,
                upper: 0.03 + width
            )
        }
        let observed = split.map { $0 * 4_000 }
        return ExperimentReport(
            name: name,
            control: "a",
            startedAt: now - 400_000,
            deployments: ["chat-prod", "chat-prod-2"],
            sampleRatio: SampleRatioCheck(observed: observed),
            variants: [
                VariantFigures(
                    name: "a",
                    requests: observed[0],
                    successes: observed[0] * 0.85,
                    successRate: 0.85,
                    successInterval: ConfidenceInterval(lower: 0.835, upper: 0.864),
                    latencyP50: 0.8,
                    latencyP95: 2.1,
                    tokensPerRequest: 812,
                    costPerRequest: 0.00041,
                    positiveFeedbackRate: 0.71,
                    scoreMean: nil
                ),
                VariantFigures(
                    name: "b",
                    requests: observed[1],
                    successes: observed[1] * 0.88,
                    successRate: 0.88,
                    successInterval: ConfidenceInterval(lower: 0.866, upper: 0.893),
                    latencyP50: 0.9,
                    latencyP95: 2.3,
                    tokensPerRequest: 790,
                    costPerRequest: 0.00040,
                    positiveFeedbackRate: 0.74,
                    scoreMean: nil
                ),
            ],
            comparisons: [
                ExperimentComparison(
                    variant: "b",
                    metric: "success_rate",
                    absoluteDifference: 0.03,
                    relativeDifference: 0.035,
                    interval: ConfidenceInterval(lower: 0.015, upper: 0.045),
                    pValue: 0.0002,
                    alwaysValidPValue: 0.004,
                    confidenceSequence: ConfidenceInterval(lower: 0.0077, upper: 0.052),
                    chanceToBeatControl: 0.9999,
                    isSignificant: true
                )
            ],
            guardrails: [],
            verdict: verdict,
            tone: tone,
            history: ["b": history],
            mixingVariance: 0.000123,
            lookInterval: 10_000
        )
    }

    static let reports = [
        report("system-prompt", verdict: "b better: +3.0 % success (always-valid p 0.004)", tone: .good),
        report("router-v2", split: [0.4, 0.6], verdict: "Sample ratio mismatch: 40/60 vs 50/50 expected", tone: .bad),
    ]

    private func state(width: Int, height: Int, reports: [ExperimentReport] = Self.reports) -> AppState {
        var state = AppState(width: width, height: height, now: Self.now)
        var snapshot = FleetSnapshot(takenAt: Self.now, deployments: ConsoleFixtures.fleet)
        snapshot.experiments = reports
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        _ = ConsoleReducer.reduce(&state, .key(.character("4")))
        return state
    }

    private func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    @Test(arguments: [(80, 24), (200, 60)])
    func paneListsExperimentsAndShowsTheSelectedOne(width: Int, height: Int) {
        let state = state(width: width, height: height)
        #expect(state.pane == .experiments)
        #expect(ConsoleRegistry.standard.readRequest(for: state).experiments)
        let text = screen(state)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= width })
        #expect(text.contains("4 Experiments"))
        #expect(text.contains("system-prompt"))
        #expect(text.contains("router-v2"))
        #expect(text.contains("Verdict: b better: +3.0 % success"))
        #expect(text.contains("+3.00 pts"))
        if height >= 60 {
            #expect(text.contains("always-valid band"))
            #expect(text.contains("b − a"))
            #expect(text.contains("split 50/50 vs 50/50 expected"))
        }
    }

    @Test func aBrokenSplitIsShownAboveTheResults() throws {
        var state = state(width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .key(.character("j")))
        #expect(state.selectedExperiment == "router-v2")
        let lines = screen(state).split(separator: "\n").map(String.init)
        let mismatch = try #require(lines.firstIndex { $0.contains("SAMPLE RATIO MISMATCH 40/60 vs 50/50 expected") })
        let variants = try #require(lines.firstIndex { $0.contains("VARIANT") })
        #expect(mismatch < variants, "the split check comes before any result")
        _ = ConsoleReducer.reduce(&state, .key(.character("k")))
        #expect(state.selectedExperiment == "system-prompt")
    }

    @Test func enterShowsTheFullStatisticsAndEscapeReturns() {
        var state = state(width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .key(.enter))
        let text = screen(state)
        #expect(text.contains("system-prompt · statistics"))
        #expect(text.contains("fixed horizon (read once, at a planned end): CI +1.50 pts … +4.50 pts"))
        #expect(text.contains("always valid (safe to watch): p 0.0040, confidence sequence +0.77 pts … +5.20 pts"))
        #expect(text.contains("chance to beat control 99.99 %"))
        #expect(text.contains("τ² 1.23e−4"))
        _ = ConsoleReducer.reduce(&state, .key(.escape))
        #expect(!screen(state).contains("· statistics"))
    }

    @Test func hostileExperimentAndVariantNamesRenderInert() {
        var hostile = Self.report("\u{1B}[2Jevil\u{202E}name", verdict: "\u{1B}]0;title\u{07}b better", tone: .good)
        hostile.variants[1].name = "b\u{9B}31m"
        let text = screen(state(width: 120, height: 40, reports: [hostile]))
        #expect(!text.contains("\u{1B}"))
        #expect(!text.contains("\u{202E}"))
        #expect(!text.contains("\u{9B}"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("evil"))
    }

    @Test func noExperimentsSaysWhatToExport() {
        let text = screen(state(width: 120, height: 40, reports: []))
        #expect(text.contains("no experiments in the store"))
        #expect(text.contains("llm_prompt_requests_total{experiment,variant,outcome}"))
    }
}
