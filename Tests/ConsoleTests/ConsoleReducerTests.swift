import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

struct ConsoleReducerTests {
    private func press(_ keys: [Key], _ state: inout AppState) -> [ConsoleEffect] {
        keys.flatMap { ConsoleReducer.reduce(&state, .key($0)) }
    }

    private func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test func vimAndArrowKeysMoveTheSelectionWithinTheFleet() {
        var state = ConsoleFixtures.state()
        #expect(state.selectedDeployment?.name == "llamacpp-canary-3")
        _ = press([.character("j"), .down], &state)
        #expect(state.selectedDeployment?.name == "vllm-prod-1")
        _ = press([.character("j"), .character("j"), .character("j")], &state)
        #expect(state.selectedDeployment?.name == "vllm-staging-4")
        _ = press([.up, .character("g")], &state)
        #expect(state.selectedDeployment?.name == "llamacpp-canary-3")
    }

    @Test func slashFiltersBySubstringAndEscClears() {
        var state = ConsoleFixtures.state()
        _ = press([.character("/")] + type("vllm"), &state)
        #expect(state.visibleDeployments.map(\.name) == ["vllm-prod-1", "vllm-staging-4"])
        _ = press([.enter], &state)
        #expect(state.mode == .normal)
        #expect(state.filter == "vllm")
        _ = press([.character("/"), .escape], &state)
        #expect(state.visibleDeployments.count == 4)
    }

    @Test func filterWithRegexSyntaxMatchesAsRegex() {
        var state = ConsoleFixtures.state()
        _ = press([.character("/")] + type("^tgi|canary") + [.enter], &state)
        #expect(state.visibleDeployments.map(\.name) == ["llamacpp-canary-3", "tgi-prod-2"])
        _ = press([.character("/"), .control("u")] + type("qwen") + [.enter], &state)
        #expect(state.visibleDeployments.map(\.name) == ["vllm-staging-4"])
    }

    @Test func sortKeysCycleColumnsAndReverse() {
        var state = ConsoleFixtures.state()
        _ = press([.character("s")], &state)
        #expect(state.sortColumn == .health)
        _ = press(["S", "S"].map { Key.character($0) }, &state)
        #expect(state.sortColumn == .kvCache)
        _ = press([.character(":")] + type("sort p95") + [.enter], &state)
        #expect(state.sortColumn == .p95)
        #expect(state.visibleDeployments.map(\.name).last == "tgi-prod-2")
        _ = press([.character("r")], &state)
        #expect(state.visibleDeployments.map(\.name).first == "tgi-prod-2")
    }

    @Test func selectionFollowsTheDeploymentAcrossNewData() {
        var state = ConsoleFixtures.state()
        _ = press([.character("j")], &state)
        #expect(state.selectedDeployment?.name == "tgi-prod-2")
        var fleet = ConsoleFixtures.fleet
        fleet.insert(ConsoleFixtures.deployment("aaa-new"), at: 0)
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        #expect(state.selectedDeployment?.name == "tgi-prod-2")
    }

    @Test func tabNumbersAndEnterSwitchPanes() {
        var state = ConsoleFixtures.state()
        _ = press([.tab], &state)
        #expect(state.pane == .latency)
        _ = press([.tab, .tab], &state)
        #expect(state.pane == .experiments)
        _ = press([.tab], &state)
        #expect(state.pane == .alerts)
        _ = press([.tab], &state)
        #expect(state.pane == .audit)
        _ = press([.tab], &state)
        #expect(state.pane == .fleet)
        _ = press([.backTab], &state)
        #expect(state.pane == .audit)
        _ = press([.character("1")], &state)
        _ = press([.character("3")], &state)
        #expect(state.pane == .detail)
        _ = press([.escape, .enter], &state)
        #expect(state.pane == .detail)
        #expect(state.readRequest.detailOf == "llamacpp-canary-3")
    }

    @Test func commandLineSwitchesPaneRangeThemeAndQuits() {
        var state = ConsoleFixtures.state()
        _ = press([.character(":")] + type("latency") + [.enter], &state)
        #expect(state.pane == .latency)
        _ = press([.character(":")] + type("range 6h") + [.enter], &state)
        #expect(state.range == .sixHours)
        #expect(state.readRequest.range == .sixHours)
        let effects = press([.character(":")] + type("theme dracula") + [.enter], &state)
        #expect(effects == [.loadTheme("dracula")])
        _ = press([.character(":")] + type("bogus") + [.enter], &state)
        #expect(state.flash?.isError == true)
        #expect(state.flash?.text.contains("unknown command :bogus") == true)
        #expect(press([.character(":")] + type("q") + [.enter], &state) == [.quit])
        #expect(state.shouldQuit)
    }

    @Test func tabCompletesCommandsAndArguments() {
        var state = ConsoleFixtures.state()
        state.themeNames = ["default", "dracula"]
        let registry = ConsoleRegistry.standard
        #expect(registry.complete("lat", in: state) == "latency")
        #expect(registry.complete("th", in: state) == "theme ")
        #expect(registry.complete("theme dr", in: state) == "theme dracula")
        #expect(registry.complete("theme d", in: state) == "theme d")
        #expect(registry.complete("range 2", in: state) == "range 24h")
        #expect(registry.complete("so", in: state) == "sort ")
        #expect(registry.complete("sort p9", in: state) == "sort p9")
        #expect(registry.complete("ref", in: state) == "refresh ")
        _ = press([.character(":")] + type("ran") + [.tab] + type("7") + [.tab, .enter], &state)
        #expect(state.range == .sevenDays)
    }

    @Test func pauseFreezesDataUntilResumed() {
        var state = ConsoleFixtures.state()
        _ = press([.character("p")], &state)
        #expect(state.isPaused)
        #expect(state.readRequest.isPaused)
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: [])))
        #expect(state.visibleDeployments.count == 4)
        _ = press([.character("p")], &state)
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: [])))
        #expect(state.visibleDeployments.isEmpty)
    }

    @Test func plusAndMinusChangeRefreshWithinBounds() {
        var state = ConsoleFixtures.state()
        _ = press([.character("+")], &state)
        #expect(state.refreshInterval == 0.5)
        _ = press([.character("+"), .character("+"), .character("+")], &state)
        #expect(state.refreshInterval == AppState.fastestRefresh)
        _ = press(Array(repeating: .character("-"), count: 12), &state)
        #expect(state.refreshInterval == AppState.slowestRefresh)
        #expect(state.flash?.text == "refresh every 60s")
    }

    @Test func helpOpensWithQuestionMarkAndClosesWithEscape() {
        var state = ConsoleFixtures.state()
        _ = press([.character("?")], &state)
        #expect(state.mode == .help)
        _ = press([.character("j")], &state)
        #expect(state.mode == .help)
        _ = press([.escape], &state)
        #expect(state.mode == .normal)
    }

    @Test func rangeKeysStepThroughRangesOnTheLatencyPane() {
        var state = ConsoleFixtures.state()
        _ = press([.character("2"), .character("]"), .right], &state)
        #expect(state.range == .oneDay)
        _ = press(Array(repeating: .left, count: 9), &state)
        #expect(state.range == .fiveMinutes)
    }

    @Test func staleFlagFollowsTheAgeOfTheNewestPoll() {
        var state = ConsoleFixtures.state()
        #expect(!state.isStale)
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now + 60_000))
        #expect(state.isStale)
    }
}
