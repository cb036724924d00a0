import Foundation
import TestSupport
import Testing

/// The whole rollback loop of `llmdeck demo` in tmux, as an operator types it: the simulator's
/// slow deploy on chat-prod, `R`, the dialog with current → target, a reason, a wrong name that
/// does nothing, the right name, the action done through the simulator's `/sim/rollback`, the
/// version back and verified, and the row in `:audit`.
@Suite(.serialized)
struct TmuxRollbackTests {
    /// The entries of the Detail pane's version history, newest first: the version of each (the
    /// last word of the line).
    private func versionHistory(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("Version history (newest first)") }) else { return [] }
        var versions: [String] = []
        for line in lines[(start + 1)...] {
            let text = line.trimmingCharacters(in: CharacterSet(charactersIn: "│ "))
            guard line.hasPrefix("│   "), !text.isEmpty, let version = text.split(separator: " ").last else { break }
            versions.append(String(version))
        }
        return versions
    }

    /// The dialog's text: its rows between its borders, joined with single spaces (a wrapped
    /// request reads as one line); empty when no dialog is shown.
    private func dialogText(_ screen: String) -> String {
        let lines = screen.split(separator: "\n").map { Array($0) }
        guard let top = lines.firstIndex(where: { String($0).contains("┌ Roll back") }),
            let left = lines[top].firstIndex(of: "┌"),
            let right = lines[top][(left + 1)...].firstIndex(of: "┐")
        else { return "" }
        var rows: [String] = []
        for line in lines[(top + 1)...] {
            guard line.count > right, line[left] != "└" else { break }
            rows.append(String(line[(left + 1)..<right]))
        }
        return rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func theDemosSlowDeployIsRolledBackFromTheKeyboardVerifiedAndAudited() async throws {
        let binary = TestPaths.llmdeckBinary.path
        let session = try TmuxSession(
            command:
                "'\(binary)' demo --interval 0.5 --refresh 0.5 --actor oncall-ana; echo LLMDECK-EXIT=$?; sleep 60"
        )
        defer { session.kill() }
        let fleet = await session.waitFor { $0.contains("Fleet (6)") && $0.contains("chat-prod") }
        try #require(fleet.matched, "the fleet never showed:\n\(fleet.screen)")
        // The fleet is sorted by name: assist-prod, then chat-prod.
        session.send("j")
        session.send("Enter")
        let detail = await session.waitFor { $0.contains("Detail · chat-prod") }
        try #require(detail.matched, "no detail of chat-prod:\n\(detail.screen)")
        // The scenario deploys a slow version on chat-prod seconds after the start.
        let deployed = await session.waitFor(attempts: 300) { versionHistory($0).count >= 2 }
        try #require(deployed.matched, "chat-prod's version never changed:\n\(deployed.screen)")
        let history = versionHistory(deployed.screen)
        let current = history[0]
        let target = history[1]

        session.send("R")
        let dialog = await session.waitFor { screen in
            screen.contains("Roll back chat-prod?") && dialogText(screen).contains("roll back \(current) → \(target)")
        }
        try #require(dialog.matched, "the dialog did not show \(current) → \(target):\n\(dialog.screen)")
        #expect(dialog.screen.contains("/sim/rollback"), "the exact request:\n\(dialog.screen)")
        #expect(dialog.screen.contains("[ Cancel ]") && dialog.screen.contains("[ Roll back ]"))

        // Cancel has the focus; Shift-Tab goes to the name, then the reason.
        session.send("BTab")
        session.send("BTab")
        session.send("slow deploy: p95 up since it", literal: true)
        session.send("Tab")
        let replanned = await session.waitFor {
            dialogText($0).contains(#""reason": "slow deploy: p95 up since it""#)
        }
        #expect(replanned.matched, "the request does not carry the reason:\n\(replanned.screen)")
        session.send("chat-prd", literal: true)
        session.send("Tab")
        session.send("Tab")
        session.send("Enter")
        let refused = await session.waitFor { $0.contains(#""chat-prd" is not chat-prod: nothing was done"#) }
        #expect(refused.matched, "a wrong name was not refused:\n\(refused.screen)")
        #expect(refused.screen.contains("Roll back chat-prod?"), "the dialog stays open")
        #expect(!refused.screen.contains("chat-prod: done"), "nothing was performed")

        session.send("C-u")
        session.send("chat-prod", literal: true)
        session.send("Tab")
        session.send("Tab")
        session.send("Enter")
        let done = await session.waitFor(attempts: 300) { $0.contains("chat-prod: done (HTTP 200)") }
        try #require(done.matched, "the rollback was not done:\n\(done.screen)")
        #expect(!done.screen.contains("Roll back chat-prod?"), "the dialog closed")

        // The simulator reverts the deploy; the console watches until the version is the
        // target and latency and errors are back under the alert thresholds.
        let settled = await session.waitFor(attempts: 2_000) { screen in
            screen.contains("chat-prod: verified")
                || (screen.contains("version     \(target) ") && !screen.contains("verifying …"))
        }
        #expect(settled.matched, "neither verified nor back to \(target):\n\(settled.screen)")

        session.send(":")
        session.send("audit", literal: true)
        session.send("Enter")
        let audit = await session.waitFor { screen in
            screen.contains("Audit (")
                && screen.split(separator: "\n").contains { line in
                    line.contains("rollback") && line.contains("chat-prod") && line.contains("done")
                        && line.contains("oncall-ana")
                }
        }
        #expect(audit.matched, "no audit row of the rollback:\n\(audit.screen)")
        #expect(audit.screen.contains("slow deploy: p95 up since it"))

        session.send("q")
        #expect(await session.waitFor { $0.contains("LLMDECK-EXIT=0") }.matched)
    }
}
