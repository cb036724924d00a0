import Console
import Fleet
import Glibc
import Terminal
import TestSupport
import Testing
import Vocabulary

/// The real run loop (`ConsoleApp.run(on:)`, its `DataFeed` thread and `SnapshotReader`) on a
/// real store, presenting into a scripted screen instead of ncurses.
struct ConsoleAppTests {
    /// Records every frame as text and answers keys step by step: each step's keys are sent once
    /// the newest frame satisfies its condition. Gives up (sends `q`) after a bounded number of
    /// polls, so a broken loop fails the expectations instead of hanging.
    final class ScriptedScreen: ConsoleScreen {
        let size: (width: Int, height: Int)
        private(set) var frames: [String] = []
        /// Times the loop rang the bell.
        private(set) var bells = 0
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
        func ringBell() { bells += 1 }
    }

    @Test func runLoopShowsTheStoreAndOverlaysMarkedDeployments() async throws {
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
        try await onOwnThread { try app.run(on: screen) }
        let overlay = try #require(screen.frames.last)
        #expect(overlay.contains("● vllm-a"))
        #expect(overlay.contains("● vllm-c"))
        #expect(!overlay.contains("● vllm-b"))
        #expect(overlay.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
        #expect(screen.frames.contains { $0.contains("Fleet (3) · 2 marked") && $0.contains("● vllm-a") })
    }

    /// A screen nobody types in: each wait of the loop blocks on the feed's descriptor alone, far
    /// longer than the loop asks (`patience`), so the loop goes on only when data wake it. Keys
    /// come from `steps`: a step's key answers the first wait at which its condition holds on the
    /// frames so far, so every key is read after the loop finished the previous one (and drew).
    final class WaitingScreen: ConsoleScreen {
        let size: (width: Int, height: Int)
        private(set) var frames: [String] = []
        /// Frames presented when each step's key was sent.
        private(set) var framesAtKey: [Int] = []
        /// Waits ended by the descriptor, and by the patience running out.
        private(set) var dataWakes = 0
        private(set) var expiredWaits = 0
        private var steps: [(condition: ([String]) -> Bool, key: Key)]
        private var waits = 0
        static let patience: Int32 = 30_000

        init(width: Int, height: Int, steps: [(condition: ([String]) -> Bool, key: Key)]) {
            size = (width, height)
            self.steps = steps
        }

        func present(_ grid: CellGrid) { frames.append(TextBackend.render(grid)) }
        func readKey(timeoutMilliseconds: Int32) -> Key? { nil }

        func readKey(timeoutMilliseconds: Int32, wakingOn descriptor: Int32) -> Key? {
            waits += 1
            if waits > 1_000 { return .character("q") }
            if let step = steps.first, step.condition(frames) {
                steps.removeFirst()
                framesAtKey.append(frames.count)
                return step.key
            }
            var watch = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&watch, 1, Self.patience) > 0 { dataWakes += 1 } else { expiredWaits += 1 }
            return nil
        }

        func pollResize() -> Bool { false }
        func setTheme(_ theme: Theme) {}
        func restore() {}
    }

    /// The loop sleeps on the terminal and the feed together: the store's first snapshot ends
    /// the wait and is drawn at once, without a key or a timeout.
    @Test func aSnapshotArrivalWakesTheLoop() async throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"])
        defer { fixture.remove() }
        let now = fixture.now
        let screen = WaitingScreen(
            width: 120,
            height: 40,
            steps: [({ $0.last?.contains("Fleet (3)") == true }, .character("q"))]
        )
        // The shipped themes: with none, the theme error's flash would expire during the test
        // and redraw the status line.
        let app = ConsoleApp(
            options: ConsoleOptions(source: "test"),
            catalog: ThemeCatalog(directories: [TestPaths.packageRoot.appendingPathComponent("themes").path]),
            reader: SnapshotReader(store: fixture.store) { now }
        )
        try await onOwnThread { try app.run(on: screen) }
        #expect(screen.expiredWaits == 0)
        #expect(screen.dataWakes >= 1)
        let last = try #require(screen.frames.last)
        #expect(last.contains("vllm-c"))
    }

    /// A key that changes nothing redraws into the same grid, and the screen gets nothing; a key
    /// that moves the cursor presents one frame.
    @Test func aFrameWithNoChangeWritesNothingToTheScreen() async throws {
        let fixture = try FleetStoreFixture(names: ["vllm-a", "vllm-b", "vllm-c"])
        defer { fixture.remove() }
        let now = fixture.now
        let screen = WaitingScreen(
            width: 120,
            height: 40,
            steps: [
                ({ $0.last?.contains("Fleet (3)") == true }, .character("z")),
                ({ _ in true }, .character("z")),
                ({ _ in true }, .character("j")),
                ({ $0.last?.contains("vllm-b · vllm · production") == true }, .character("q")),
            ]
        )
        // The shipped themes: with none, the theme error's flash would expire during the test
        // and redraw the status line.
        let app = ConsoleApp(
            options: ConsoleOptions(source: "test"),
            catalog: ThemeCatalog(directories: [TestPaths.packageRoot.appendingPathComponent("themes").path]),
            reader: SnapshotReader(store: fixture.store) { now }
        )
        try await onOwnThread { try app.run(on: screen) }
        #expect(screen.framesAtKey.count == 4)
        guard screen.framesAtKey.count == 4 else { return }
        let atKey = screen.framesAtKey
        #expect(atKey[1] == atKey[0])
        #expect(atKey[2] == atKey[0])
        #expect(atKey[3] == atKey[2] + 1)
        #expect(screen.frames[atKey[0] - 1].contains("vllm-a · vllm · production"))
        #expect(screen.expiredWaits == 0)
    }
}
