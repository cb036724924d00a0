import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

/// Screens rendered through the text backend, compared as text a user would read.
struct ConsoleScreenTests {
    private func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    private func withData(_ pane: Pane, width: Int, height: Int) -> AppState {
        var state = ConsoleFixtures.state(width: width, height: height)
        state.pane = pane
        var snapshot = FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: ConsoleFixtures.fleet)
        snapshot.latency = ConsoleFixtures.latency(for: "llamacpp-canary-3")
        snapshot.detail = ConsoleFixtures.detail(for: "llamacpp-canary-3")
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        return state
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func fleetPaneShowsEveryDeploymentWithHeaderAndHints(width: Int, height: Int) {
        let text = screen(withData(.fleet, width: width, height: height))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == height)
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= width })
        #expect(lines[0].contains("3 up"))
        #expect(lines[0].contains("1 down"))
        #expect(lines[0].contains("worst p95 7.50s tgi-prod-2"))
        #expect(!lines[0].contains("alerts"), "no alert figure before the store holds alert state")
        #expect(lines[0].contains("data 2s ago"))
        for name in ["vllm-prod-1", "tgi-prod-2", "llamacpp-canary-3", "vllm-staging-4"] {
            #expect(text.contains(name))
        }
        #expect(text.contains("NAME▲"))
        #expect(text.contains("P95"))
        #expect(lines[height - 1].contains("? help"))
        #expect(lines[height - 1].contains("q quit"))
        if width >= 200 {
            for title in FleetColumn.allCases.map(\.title) { #expect(text.contains(title)) }
            #expect(text.contains("v1.4.2 3h"))
            #expect(text.contains("7/1"))
        } else {
            #expect(!text.contains("P50"))
            #expect(text.contains("HEALTH"))
        }
    }

    @Test func narrowFleetDropsLowPriorityColumnsFirst() {
        let wide = screen(withData(.fleet, width: 120, height: 30))
        let narrow = screen(withData(.fleet, width: 60, height: 30))
        #expect(wide.contains("MODEL"))
        #expect(!narrow.contains("MODEL"))
        #expect(narrow.contains("P95"))
        #expect(narrow.contains("ERR%"))
    }

    @Test func thresholdsColourErrorRateAndLatency() throws {
        let state = withData(.fleet, width: 200, height: 60)
        let grid = ConsoleView.render(state)
        let lines = TextBackend.render(grid).split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(lines.dropFirst(2).firstIndex { $0.contains("tgi-prod-2") })
        let roles = Set((0..<grid.width).map { grid[$0, y].style.foreground })
        #expect(roles.contains(.critical))
    }

    @Test func changeArrowsShowWhatMovedSinceTheLastTick() {
        var state = ConsoleFixtures.state(width: 200, height: 60)
        var fleet = ConsoleFixtures.fleet
        fleet[0].requestsPerSecond = 25
        fleet[1].latencySeconds.p95 = 3
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        let text = screen(state)
        #expect(text.contains("25↑"))
        #expect(text.contains("3.00s↓"))
        #expect(!text.contains("30↑"))
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func latencyPaneDrawsBrailleChartsWithMarkers(width: Int, height: Int) {
        let text = screen(withData(.latency, width: width, height: height))
        #expect(text.contains("E2E latency · llamacpp-canary-3 · 1h"))
        #expect(text.contains("TTFT · llamacpp-canary-3 · 1h"))
        #expect(text.contains("● p50"))
        #expect(text.contains("● p99"))
        #expect(text.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF })
        #expect(text.contains("D"))
        #expect(text.contains("-1h"))
        #expect(text.contains("now"))
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func detailPaneListsEndpointHealthVersionsAndSeries(width: Int, height: Int) {
        let text = screen(withData(.detail, width: width, height: height))
        #expect(text.contains("Detail · llamacpp-canary-3"))
        #expect(text.contains("endpoint    http://127.0.0.1:18000"))
        #expect(text.contains("kind        llamacpp"))
        #expect(text.contains("Health history"))
        if height >= 60 {
            #expect(text.contains("timeout after 3s"))
            #expect(text.contains("Version history"))
            #expect(text.contains("v1.4.1"))
            #expect(text.contains("llmdeck:e2e_latency_seconds"))
        }
    }

    /// A deployment read in turns (`histogram_batch`) says its quantiles are over a longer window.
    @Test func detailPaneSaysWhenLatencyIsReadInTurns() {
        var state = withData(.detail, width: 200, height: 60)
        #expect(!screen(state).contains("read in turns"))
        var fleet = ConsoleFixtures.fleet
        for index in fleet.indices { fleet[index].latencySeconds.p95 = 2 }
        fleet[2].latencyWindowSeconds = 90
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        let text = screen(state)
        #expect(text.contains("Detail · llamacpp-canary-3"))
        #expect(text.contains("TTFT p95 180ms  over the last 90s, read in turns"), "\(text)")
    }

    @Test func detailPaneScrollsToTheSeriesBrowser() {
        var state = withData(.detail, width: 80, height: 24)
        for _ in 0..<20 { _ = ConsoleReducer.reduce(&state, .key(.character("j"))) }
        #expect(screen(state).contains("vllm:num_requests_running{model_name=\"llama\"}"))
    }

    @Test func helpIsGeneratedFromTheRegistry() {
        var state = withData(.fleet, width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .key(.character("?")))
        var text = screen(state)
        #expect(text.contains("Help"))
        // The help is taller than 40 rows: page through it.
        for _ in 0..<3 {
            _ = ConsoleReducer.reduce(&state, .key(.pageDown))
            text += screen(state)
        }
        for binding in ConsoleRegistry.standard.bindings {
            #expect(text.contains(binding.summary))
        }
        for command in ConsoleRegistry.standard.commands {
            #expect(text.contains(command.usage), "help lists \(command.usage)")
        }
    }

    @Test func headerCountsAlertsOnlyOnceAlertStateExists() {
        var state = withData(.fleet, width: 120, height: 40)
        #expect(!screen(state).split(separator: "\n")[0].contains("alerts"))
        var snapshot = state.snapshot
        snapshot?.alertCounts = AlertCounts(AlertsPaneTests.records)
        state.snapshot = snapshot
        #expect(screen(state).split(separator: "\n")[0].contains("alerts 1 crit 2 warn 1 pending"))
    }

    @Test func tooSmallScreenSaysTheSizeNeeded() {
        var state = withData(.fleet, width: 120, height: 40)
        _ = ConsoleReducer.reduce(&state, .resize(width: 50, height: 12))
        let text = screen(state)
        #expect(text.contains("Terminal too small"))
        #expect(text.contains("50×12, need at least 60×16"))
        _ = ConsoleReducer.reduce(&state, .resize(width: 80, height: 24))
        #expect(screen(state).contains("vllm-prod-1"))
    }

    @Test func monochromeKeepsTheSelectionVisibleWithReverse() throws {
        let grid = ConsoleView.render(withData(.fleet, width: 80, height: 24))
        let theme = Theme(name: "mono", colors: [:])
        let selected = (0..<grid.height).flatMap { y in (0..<grid.width).map { grid[$0, y] } }
            .filter { $0.style.isSelection }
        #expect(!selected.isEmpty)
        for cell in selected {
            #expect(theme.attributes(for: cell.style, depth: .monochrome).contains(.reverse))
        }
        let styles = TextBackend.renderStyles(grid, codes: [:])
        #expect(styles.contains("*"))
    }

    @Test func hostileModelNameShowsAsHarmlessText() {
        var state = ConsoleFixtures.state(width: 200, height: 60)
        var fleet = ConsoleFixtures.fleet
        let invalidUTF8 = String(decoding: [0x66, 0xFF, 0xFE, 0x6F], as: UTF8.self)
        fleet[0].model = "evil\u{1b}[2Jname\u{202E}gnp.exe" + invalidUTF8
        fleet[0].lastError = "boom\u{1b}]0;title\u{07}"
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        state.filter = "vllm-prod-1"
        state.pane = .detail
        let text = screen(state)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x07 })
        #expect(text.contains("evil␛[2Jname\u{FFFD}gnp.exe"))
        #expect(text.contains("f\u{FFFD}"))
    }
}

extension ConsoleScreenTests {
    /// A fleet longer than the screen: the table shows the rows around the cursor, the cursor's
    /// row selected, with the values of those rows (only they are formatted).
    @Test func longFleetScrollsToTheCursor() throws {
        var state = ConsoleFixtures.state(width: 120, height: 24)
        let fleet = (1...100).map { ConsoleFixtures.deployment("vllm-\($0)", requests: Double($0)) }
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        let top = screen(state)
        #expect(top.contains("vllm-1 "))
        #expect(!top.contains("vllm-100"))
        for _ in 0..<60 { _ = ConsoleReducer.reduce(&state, .key(.character("j"))) }
        let grid = ConsoleView.render(state)
        let lines = TextBackend.render(grid).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Natural order: vllm-1 … vllm-100, the cursor on the 61st, at the table's last row
        // (17 rows fit at 120×24: vllm-45 … vllm-61).
        let y = try #require(lines.firstIndex { $0.contains("vllm-61 ") })
        #expect(grid[1, y].style.isSelection)
        #expect(lines[y].split(separator: " ").contains("61"))
        #expect(!lines.contains { $0.contains("vllm-62 ") })
        // Table rows only: the header names the worst p95 (all equal here, so vllm-1).
        let table = lines[2..<(grid.height - 2)]
        #expect(table.contains { $0.contains("vllm-45 ") })
        #expect(!table.contains { $0.contains("vllm-44 ") })
        #expect(!table.contains { $0.contains("vllm-1 ") })
        #expect(lines[grid.height - 2].contains("vllm-61 · vllm · production"))
    }
}
