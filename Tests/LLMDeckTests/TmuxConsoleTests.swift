import Foundation
import TestSupport
import Testing

/// The real `llmdeck demo` driven in tmux: what an operator sees and types.
@Suite(.serialized)
struct TmuxConsoleTests {
    private func startDemo() throws -> TmuxSession {
        let binary = TestPaths.llmdeckBinary.path
        // After the console exits, print a marker and keep the pane open so the screen can be read.
        return try TmuxSession(command: "'\(binary)' demo --interval 0.5 --refresh 0.5; echo LLMDECK-EXIT=$?; sleep 60")
    }

    /// A number cell of the fleet table changes between two screens.
    private func fleetRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("│") && ($0.contains("-prod") || $0.contains("-canary"))
        }
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func experimentsPaneShowsTheDemosExperimentsAndTheirStatistics() async throws {
        let session = try startDemo()
        defer { session.kill() }
        try #require(await session.waitFor { fleetRows($0).count >= 6 }.matched, "fleet never showed")
        session.send("4")
        let pane = await session.waitFor { screen in
            screen.contains("Experiments (3)") && screen.contains("system-prompt") && screen.contains("router-v2")
                && screen.contains("few-shot") && screen.contains("Verdict: ")
        }
        #expect(pane.matched, "the experiments pane did not show the demo's three experiments:\n\(pane.screen)")
        session.send("Enter")
        let statistics = await session.waitFor {
            $0.contains("· statistics") && $0.contains("always valid (safe to watch)")
        }
        #expect(statistics.matched, "Enter did not show the statistics:\n\(statistics.screen)")
        session.send("Escape")
        session.send(":")
        session.send("fleet", literal: true)
        session.send("Enter")
        #expect(await session.waitFor { fleetRows($0).count >= 6 }.matched, ":fleet did not return to the fleet")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func demoShowsLiveNumbersThatChange() async throws {
        let session = try startDemo()
        defer { session.kill() }
        let first = await session.waitFor { screen in
            fleetRows(screen).contains { $0.contains("ms") || $0.contains("s ") }
        }
        #expect(first.matched, "no latency numbers appeared:\n\(first.screen)")
        let firstRows = fleetRows(first.screen)
        let later = await session.waitFor { fleetRows($0) != firstRows && !fleetRows($0).isEmpty }
        #expect(later.matched, "numbers never changed:\n\(later.screen)")
        #expect(later.screen.contains("up"))
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func helpFilterDetailResizeAndQuit() async throws {
        let session = try startDemo()
        defer { session.kill() }
        let ready = await session.waitFor { fleetRows($0).count >= 6 }
        try #require(ready.matched, "fleet never showed:\n\(ready.screen)")

        session.send("?")
        let help = await session.waitFor { $0.contains("Help · ") && $0.contains("filter (text or /regex/)") }
        #expect(help.matched, "help did not open:\n\(help.screen)")
        session.send("Escape")
        #expect(await session.waitFor { !$0.contains("Help · ") }.matched)

        session.send("/")
        session.send("canary", literal: true)
        session.send("Enter")
        let filtered = await session.waitFor { screen in
            let rows = fleetRows(screen)
            return screen.contains("/canary") && !rows.isEmpty
                && rows.allSatisfy { $0.contains("canary") || $0.contains("/canary") }
        }
        #expect(filtered.matched, "filter did not apply:\n\(filtered.screen)")

        session.send("Enter")
        let detail = await session.waitFor {
            $0.contains("Detail · ") && $0.contains("endpoint") && $0.contains("Health history")
        }
        #expect(detail.matched, "detail did not open:\n\(detail.screen)")

        session.resize(width: 60, height: 15)
        let small = await session.waitFor { $0.contains("Terminal too small") && $0.contains("need at least 60×16") }
        #expect(small.matched, "no size message:\n\(small.screen)")
        session.resize(width: 120, height: 40)
        let back = await session.waitFor { $0.contains("Detail · ") && !$0.contains("Terminal too small") }
        #expect(back.matched, "did not come back after resize:\n\(back.screen)")

        session.send("q")
        let exited = await session.waitFor { $0.contains("LLMDECK-EXIT=0") }
        #expect(exited.matched, "q did not exit cleanly:\n\(exited.screen)")
        // The shell's screen is back: nothing of the console is left on it.
        #expect(!exited.screen.contains("llmdeck │"))
        #expect(!exited.screen.contains("┌"))
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func aStoreOpenedWithDBAndReadOnlyShowsTheBadgeAndRefusesSilences() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try FakeModelServer.triton()
        defer { server.stop() }
        let store = try await CollectedStore.make(polling: server.url, in: directory)
        let binary = TestPaths.llmdeckBinary.path
        let header = { (screen: String) in String(screen.prefix { $0 != "\n" }) }
        // --db alone writes acknowledgements and silences to the store: no badge.
        let writing = try TmuxSession(
            command: "'\(binary)' --db '\(store.storePath)' --refresh 0.5; echo LLMDECK-EXIT=$?; sleep 60"
        )
        defer { writing.kill() }
        let open = await writing.waitFor { header($0).contains("llmdeck") && $0.contains("served") }
        try #require(open.matched, "the store never showed:\n\(open.screen)")
        #expect(!header(open.screen).split(separator: " ").contains("RO"), "\(header(open.screen))")
        writing.send("q")
        #expect(await writing.waitFor { $0.contains("LLMDECK-EXIT=0") }.matched)

        let session = try TmuxSession(
            command:
                "'\(binary)' --db '\(store.storePath)' --read-only --refresh 0.5; echo LLMDECK-EXIT=$?; sleep 60"
        )
        defer { session.kill() }
        let shown = await session.waitFor { header($0).contains("llmdeck") && $0.contains("served") }
        try #require(shown.matched, "the store never showed:\n\(shown.screen)")
        #expect(
            header(shown.screen).split(separator: " ").contains("RO"),
            "no RO badge in the header: \(header(shown.screen))"
        )
        session.send("5")
        session.send("s")
        let refused = await session.waitFor { $0.contains("read-only: s") }
        #expect(refused.matched, "s was not refused:\n\(refused.screen)")
        session.send("q")
        #expect(await session.waitFor { $0.contains("LLMDECK-EXIT=0") }.matched)
    }
}
