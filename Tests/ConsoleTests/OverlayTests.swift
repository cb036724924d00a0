import Fleet
import Terminal
import Testing
import Vocabulary

@testable import Console

/// Marking deployments in the fleet (Space) and the latency pane overlaying their p95s.
struct OverlayTests {
    private func press(_ keys: [Key], _ state: inout AppState) {
        for key in keys { _ = ConsoleReducer.reduce(&state, .key(key)) }
    }

    private func screen(_ state: AppState) -> String { TextBackend.render(ConsoleView.render(state)) }

    @Test func spaceMarksInOrderMovesDownAndTogglesOff() {
        var state = ConsoleFixtures.state()
        // Sorted by name: llamacpp-canary-3, tgi-prod-2, vllm-prod-1, vllm-staging-4.
        press([.character(" ")], &state)
        #expect(state.marked == ["llamacpp-canary-3"])
        #expect(state.selectedDeployment?.name == "tgi-prod-2")
        press([.character("j"), .character(" ")], &state)
        #expect(state.marked == ["llamacpp-canary-3", "vllm-prod-1"])
        press([.character("g"), .character(" ")], &state)
        #expect(state.marked == ["vllm-prod-1"])
        press([.character("U")], &state)
        #expect(state.marked.isEmpty)
    }

    @Test func latencyPaneReadsTheMarkedDeploymentsOrFallsBackToTheSelectedOne() {
        var state = ConsoleFixtures.state()
        press([.character("2")], &state)
        #expect(state.readRequest.latencyOf == "llamacpp-canary-3")
        #expect(state.readRequest.overlay.isEmpty)
        press([.character("1"), .character("j"), .character(" "), .character(" "), .character("2")], &state)
        #expect(state.readRequest.overlay == ["tgi-prod-2", "vllm-prod-1"])
        #expect(state.readRequest.latencyOf == nil)
        press([.character("U")], &state)
        #expect(state.readRequest.overlay.isEmpty)
        #expect(state.readRequest.latencyOf != nil)
    }

    @Test func aNinthMarkIsRefusedWithAMessage() {
        var state = AppState(width: 120, height: 40, now: ConsoleFixtures.now)
        let fleet = (1...10).map { ConsoleFixtures.deployment("vllm-\($0)") }
        _ = ConsoleReducer.reduce(&state, .snapshot(FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: fleet)))
        press(Array(repeating: .character(" "), count: 9), &state)
        #expect(state.marked == (1...8).map { "vllm-\($0)" })
        #expect(state.flash?.isError == true)
        #expect(state.flash?.text.contains("at most 8 marks") == true)
        #expect(state.selectedDeployment?.name == "vllm-9")
    }

    @Test func markedRowsShowTheMarkInTheirSeriesColour() throws {
        var state = ConsoleFixtures.state(width: 200, height: 60)
        press([.character("j"), .character(" "), .character(" ")], &state)
        let grid = ConsoleView.render(state)
        let lines = TextBackend.render(grid).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains { $0.contains("Fleet (4) · 2 marked") })
        let rows = try [("tgi-prod-2", 0), ("vllm-prod-1", 1)].map { name, mark in
            (try #require(lines.firstIndex { $0.contains("● " + name) }), mark)
        }
        for (y, mark) in rows {
            let roles = (0..<grid.width).filter { grid[$0, y].character == "●" }.map { grid[$0, y].style.foreground }
            #expect(roles == [StyleRole.chartSeries[mark]])
        }
        #expect(!lines.contains { $0.contains("● llamacpp-canary-3") })
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func latencyPaneOverlaysTheMarkedP95sWithALegend(width: Int, height: Int) throws {
        var state = ConsoleFixtures.state(width: width, height: height)
        press([.character("j"), .character(" "), .character(" "), .character(" "), .character("2")], &state)
        #expect(state.marked == ["tgi-prod-2", "vllm-prod-1", "vllm-staging-4"])
        var snapshot = FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: ConsoleFixtures.fleet)
        snapshot.overlay = state.marked.enumerated().map { index, name in
            var history = ConsoleFixtures.latency(for: name)
            let scale = Double(index + 1)
            history.e2e.p95 = history.e2e.p95.map { SeriesPoint(time: $0.time, value: $0.value * scale) }
            history.ttft.p95 = history.ttft.p95.map { SeriesPoint(time: $0.time, value: $0.value * scale) }
            return history
        }
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        let grid = ConsoleView.render(state)
        let text = TextBackend.render(grid)
        #expect(text.contains("E2E latency p95 · 3 marked · 1h"))
        #expect(text.contains("TTFT p95 · 3 marked · 1h"))
        for name in state.marked { #expect(text.contains("● " + name)) }
        #expect(!text.contains("● p50"))
        // Each deployment's line is drawn in its own series colour.
        let braille = (0..<grid.height).flatMap { y in (0..<grid.width).map { grid[$0, y] } }
            .filter { $0.character.unicodeScalars.first.map { $0.value > 0x2800 && $0.value <= 0x28FF } ?? false }
        let roles = Set(braille.map(\.style.foreground))
        for index in 0..<3 { #expect(roles.contains(StyleRole.chartSeries[index])) }
        #expect(text.contains("D"))
    }

    @Test func overlayWaitsForDataThenSaysWhenThereIsNone() {
        var state = ConsoleFixtures.state(width: 120, height: 40)
        press([.character(" "), .character("2")], &state)
        #expect(screen(state).contains("reading…"))
        var snapshot = FleetSnapshot(takenAt: ConsoleFixtures.now, deployments: ConsoleFixtures.fleet)
        snapshot.overlay = [LatencyHistory(deployment: "llamacpp-canary-3", range: .oneHour, end: ConsoleFixtures.now)]
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        #expect(screen(state).contains("no samples in the last 1h"))
    }
}

extension SnapshotReaderTests {
    @Test func overlayReadsEveryMarkedDeploymentInOrderAndSkipsUnknownOnes() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"], history: 600_000)
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store) { now }
        let snapshot = reader.read(ReadRequest(overlay: ["vllm-c", "gone", "vllm-a"], range: .fiveMinutes))
        #expect(snapshot.error == nil)
        #expect(snapshot.latency == nil)
        #expect(snapshot.overlay.map(\.deployment) == ["vllm-c", "vllm-a"])
        // Reference p95s by hand (histogram_quantile): vllm-c's cumulative counts per tick are
        // 17 at 5 s and 18 at 10 s of 18, rank 17.1 → 5 + 5 × 0.1 = 5.5 s; vllm-a's 11 and 12
        // of 12, rank 11.4 → 5 + 5 × 0.4 = 7 s. Every step holds whole ticks of that shape.
        let c = try #require(snapshot.overlay.first).e2e.p95
        let a = try #require(snapshot.overlay.last).e2e.p95
        #expect(c.count >= 50)
        #expect(c.allSatisfy { abs($0.value - 5.5) < 1e-9 })
        #expect(a.allSatisfy { abs($0.value - 7) < 1e-9 })
    }
}
