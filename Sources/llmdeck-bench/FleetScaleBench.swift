import ArgumentParser
import Console
import Fleet
import Foundation
import Store
import Synchronization
import Terminal

/// The console over a large fleet (5,000 deployments, a short history written every 15 s as a
/// Prometheus source writes it): the frame time of the Fleet pane in its several arrangements,
/// and the console's idle CPU on that store next to btop.
struct FleetScaleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console-scale",
        abstract: "The console with 5,000 deployments: frame time (goal < 5 ms) and idle CPU next to btop."
    )

    @Option(help: "Deployments in the generated store.")
    var deployments = 5_000

    @Option(help: "Minutes of history in the generated store.")
    var minutes = 15

    @Option(help: "Seconds between the store's ticks (a Prometheus source's interval).")
    var interval = 15

    @Option(help: "Models served across the fleet (deployment i serves model i % models).")
    var models = 20

    @Option(help: "Frames per case after warm-up.")
    var frames = 1_000

    @Option(help: "Seconds of CPU sampling per idle case.")
    var window = 30.0

    @Option(help: "Seconds to let the console and btop settle before sampling.")
    var settle = 10.0

    @Option(help: "Idle cases to run: static (nothing writes), written (the bench writes every tick) or both.")
    var idle = "both"

    @Flag(help: "Skip the frame figures.")
    var skipFrame = false

    @Flag(help: "Skip the idle CPU figures.")
    var skipIdle = false

    func validate() throws {
        guard deployments > 0, minutes > 0, interval > 0, models > 0, frames > 0 else {
            throw ValidationError("--deployments, --minutes, --interval, --models and --frames must be positive")
        }
        guard ["static", "written", "both"].contains(idle) else {
            throw ValidationError("--idle is static, written or both")
        }
    }

    func run() throws {
        let history = FleetHistory(
            deployments: deployments,
            minutes: minutes,
            spacing: Int64(interval) * 1000,
            models: models
        )
        let store = try history.prepare()
        let storeFlags = "--deployments \(deployments) --minutes \(minutes) --interval \(interval) --models \(models)"
        print(ProcFS.machineLine)
        if !skipFrame { try measureFrames(store: store, storeFlags: storeFlags) }
        if !skipIdle {
            let bench = IdleBench(
                window: window,
                settle: settle,
                deployments: deployments,
                command: "console-scale --skip-frame"
            )
            if idle != "written" { try bench.measure(store: store, live: false, storeFlags: storeFlags) }
            if idle != "static" {
                try bench.measure(store: store, live: false, storeFlags: storeFlags, writer: history)
            }
        }
    }

    /// One store read of the whole fleet, then frames of a 200×60 Fleet pane: each a key (the
    /// cursor moving, or a filter keystroke) reduced and the screen drawn into the grid, as the
    /// console's loop does before it flushes to the terminal.
    private func measureFrames(store path: String, storeFlags: String) throws {
        let reader = SnapshotReader(store: try Store(path: path, readOnly: true)) { ConsoleApp.now() }
        var state = AppState(width: 200, height: 60, now: ConsoleApp.now(), source: "bench")
        let request = ConsoleRegistry.standard.readRequest(for: state)
        let readStart = monotonicNanoseconds()
        let snapshot = reader.read(request)
        let readTime = Double(monotonicNanoseconds() - readStart) / 1e6
        guard snapshot.error == nil, snapshot.deployments.count == deployments else {
            throw ValidationError(
                "the store read \(snapshot.deployments.count) deployments: \(snapshot.error ?? "wrong store")"
            )
        }
        _ = ConsoleReducer.reduce(&state, .snapshot(snapshot))
        // Two snapshots with their own lists, in turn: each is new data, sorted again.
        var copy = snapshot
        copy.deployments = snapshot.deployments.map { $0 }
        let arranging = (0..<max(6, frames / 20)).map { round in
            let start = monotonicNanoseconds()
            _ = ConsoleReducer.reduce(&state, .snapshot(round % 2 == 0 ? copy : snapshot))
            return Double(monotonicNanoseconds() - start) / 1e6
        }
        let command = "swift run -c release --static-swift-stdlib llmdeck-bench console-scale --skip-idle \(storeFlags)"
        print(
            String(
                format: "store read of %d deployments (the feed's thread, not a frame): %.1f ms",
                deployments,
                readTime
            )
        )
        print(
            String(
                format:
                    "new data → rows filtered, sorted, grouped (%d deployments, by name): median %.2f ms, max %.2f ms",
                deployments,
                median(arranging),
                arranging.max() ?? 0
            )
        )
        var grid = CellGrid(width: 200, height: 60)
        let cases: [(label: String, setup: [Key], moves: [Key])] = [
            ("sorted by name, cursor j/k", [], [.character("j"), .character("k")]),
            ("sorted by name, PgDn/PgUp", [], [.pageDown, .pageUp]),
            ("worst first (w), cursor j/k", [.character("w")], [.character("j"), .character("k")]),
            ("grouped by model (b), groups closed, j/k", [.character("b")], [.character("j"), .character("k")]),
            ("grouped, one group open, j/k", [.home, .enter], [.character("j"), .character("k")]),
            (
                "filter keystroke, grouped (/model-1, typing 2 and deleting it)", [.escape],
                [.character("2"), .backspace]
            ),
        ]
        print("frame with \(deployments) rows, 200×60, key reduced + screen drawn into the grid, \(frames) frames:")
        for entry in cases {
            for key in entry.setup { _ = ConsoleReducer.reduce(&state, .key(key)) }
            if entry.label.hasPrefix("filter") {
                for key in [Key.character("/")] + "model-1".map(Key.character) {
                    _ = ConsoleReducer.reduce(&state, .key(key))
                }
            }
            let times = (0..<frames + 50).map { frame in
                let start = monotonicNanoseconds()
                // Sweeps down then back up, so j/k and PgDn/PgUp keep moving the cursor.
                let key = entry.moves[(frame / 100) % 2]
                _ = ConsoleReducer.reduce(&state, .key(key))
                ConsoleView.draw(state, into: &grid)
                return Double(monotonicNanoseconds() - start) / 1e6
            }.dropFirst(50)
            let sorted = times.sorted()
            print(
                String(
                    format: "  %@: median %.3f ms, p99 %.3f ms (goal < 5 ms)",
                    entry.label,
                    sorted[sorted.count / 2],
                    sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
                )
            )
        }
        print("  reproduce: \(command) --frames \(frames)")
    }
}

/// Tops up a bench store every `recentSpacing` on a thread of its own while the idle bench
/// samples, as a source writing the whole fleet each tick would.
final class StoreWriterThread: Sendable {
    private let history: FleetHistory
    private let store: Store
    /// Ticks written so far, and whether to stop.
    private let progress = Mutex((ticks: 0, isStopped: false))

    init(history: FleetHistory, path: String) throws {
        self.history = history
        store = try Store(path: path)
        Thread { [self] in writeUntilStopped() }.start()
    }

    private func writeUntilStopped() {
        while !progress.withLock({ $0.isStopped }) {
            Thread.sleep(forTimeInterval: 0.25)
            guard let count = try? history.topUp(store), count > 0 else { continue }
            progress.withLock { $0.ticks += count }
        }
    }

    /// Ticks written so far.
    var ticks: Int { progress.withLock { $0.ticks } }

    func stop() { progress.withLock { $0.isStopped = true } }
}
