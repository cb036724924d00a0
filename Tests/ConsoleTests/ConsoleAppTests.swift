import Console
import Glibc
import Terminal
import Testing

/// The real run loop (`ConsoleApp.run(on:)`, its `DataFeed` thread and `SnapshotReader`) on a
/// real store, presenting into a scripted screen instead of ncurses.
struct ConsoleAppTests {
    /// Records every frame as text and answers keys step by step: each step's keys are sent once
    /// the newest frame satisfies its condition. Gives up (sends `q`) after a bounded number of
    /// polls, so a broken loop fails the expectations instead of hanging.
    final class ScriptedScreen: ConsoleScreen {
        let size: (width: Int, height: Int)
        private(set) var frames: [String] = []
        private var steps: [(condition: (String) -> Bool, keys: [Key])]
        private var pending: [Key] = []
        private var polls = 0

        init(width: Int, height: Int, steps: [(condition: (String) -> Bool, keys: [Key])]) {
            size = (width, height)
            self.steps = steps
        }

        func present(_ grid: CellGrid) { frames.append(TextBackend.render(grid)) }

        func readKey(timeoutMilliseconds: Int32) -> Key? {
            if !pending.isEmpty { return pending.removeFirst() }
            if let step = steps.first, let frame = frames.last, step.condition(frame) {
                steps.removeFirst()
                pending = step.keys
                return pending.isEmpty ? nil : pending.removeFirst()
            }
            polls += 1
            if polls > 6_000 { return .character("q") }
            if timeoutMilliseconds > 0 { usleep(UInt32(min(timeoutMilliseconds, 5)) * 1000) }
            return nil
        }

        func pollResize() -> Bool { false }
        func setTheme(_ theme: Theme) {}
        func restore() {}
    }

    @Test func runLoopShowsTheStoreAndOverlaysMarkedDeployments() throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"], history: 3_600_000)
        defer { fixture.remove() }
        let now = fixture.now
        let reader = SnapshotReader(store: fixture.store) { now }
        let screen = ScriptedScreen(
            width: 120,
            height: 40,
            steps: [
                (
                    { $0.contains("Fleet (3)") && $0.contains("vllm-c") },
                    [.character(" "), .character("j"), .character(" ")]
                ),
                ({ $0.contains("2 marked") }, [.character("2")]),
                ({ $0.contains("E2E latency p95 · 2 marked") && !$0.contains("reading…") }, [.character("q")]),
            ]
        )
        let app = ConsoleApp(
            options: ConsoleOptions(source: "test"),
            catalog: ThemeCatalog(directories: []),
            reader: reader
        )
        try app.run(on: screen)
        let overlay = try #require(screen.frames.last)
        #expect(overlay.contains("● vllm-a"))
        #expect(overlay.contains("● vllm-c"))
        #expect(!overlay.contains("● vllm-b"))
        #expect(overlay.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
        #expect(screen.frames.contains { $0.contains("Fleet (3) · 2 marked") && $0.contains("● vllm-a") })
    }
}
