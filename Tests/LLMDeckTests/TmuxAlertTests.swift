import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The console collecting a simulated fleet in tmux: a deployment goes down, its alert appears in
/// the Alerts pane, `a` acknowledges it, the mark shows, and `llmdeck alerts --json` says who.
@Suite(.serialized)
struct TmuxAlertTests {
    private struct Listing: Decodable {
        struct Alert: Decodable {
            var rule: String
            var deployment: String
            var state: String
            var acknowledged_by: String?
        }

        var alerts: [Alert]
    }

    @Test(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
    func anAlertAppearsIsAcknowledgedWithAAndTheCommandSaysWho() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = freePortBase(count: 2)
        let simulator = ["--count", "2", "--base-port", "\(base)", "--scenario", "none", "--rate", "2"]
        let store = directory.path("deck.sqlite")
        let printed = try await CommandRun.llmdeck(["sim", "--print-config", "--db", store] + simulator)
        try #require(printed.status == 0, "\(printed.standardError)")
        let yaml = printed.standardOutput.replacingOccurrences(
            of: #"interval: [0-9a-z.]+"#,
            with: "interval: 1s",
            options: .regularExpression
        )
        let config = directory.path("config.yaml")
        // Evaluated every 2 s and `for` 2 s instead of 15 s and 1 minute, so the alert fires within
        // seconds of the outage.
        try (yaml + "alerts:\n  interval: 2s\n  builtin:\n    target_down: { for: 2s }\n").write(
            toFile: config,
            atomically: true,
            encoding: .utf8
        )
        let fleet = try BackgroundProcess(llmdeck: ["sim"] + simulator, in: directory, name: "sim")
        defer { kill(fleet.process.processIdentifier, SIGTERM) }
        try #require(await waitUntil { fleet.output.contains("serving") }, "\(fleet.output)")
        let binary = TestPaths.llmdeckBinary.path
        let session = try TmuxSession(
            command:
                "'\(binary)' --config '\(config)' --actor oncall-ana --refresh 0.5; echo LLMDECK-EXIT=$?; sleep 60"
        )
        defer { session.kill() }
        let up = await session.waitFor { $0.contains("code-prod") && $0.contains("chat-prod") }
        try #require(up.matched, "the fleet never showed:\n\(up.screen)")

        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(base + 1)/sim/control")))
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"action": "down", "mode": "refuse"}"#.utf8)
        let _: Void = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }.resume()
        }
        session.send("5")
        // Pending first (`fires in 2s`), then firing: the row's state column says so.
        let firing = await session.waitFor(attempts: 300) { screen in
            screen.split(separator: "\n").contains { $0.contains("code-prod") && $0.contains(" firing ") }
        }
        try #require(firing.matched, "no firing alert in the Alerts pane:\n\(firing.screen)")
        #expect(firing.screen.contains("target down"), "\(firing.screen)")
        session.send("a")
        let marked = await session.waitFor { $0.contains("ack oncall-ana") }
        #expect(marked.matched, "no acknowledgement mark:\n\(marked.screen)")

        let run = try await CommandRun.llmdeck(["alerts", "--json", "--config", config])
        #expect(run.status == 1, "an alert fires: \(run.standardError)")
        let listing = try JSONDecoder().decode(Listing.self, from: Data(run.standardOutput.utf8))
        let alert = listing.alerts.first { $0.rule == "target_down" && $0.deployment == "code-prod" }
        #expect(alert?.state == "firing")
        #expect(alert?.acknowledged_by == "oncall-ana", "\(run.standardOutput)")
        session.send("q")
        #expect(await session.waitFor { $0.contains("LLMDECK-EXIT=0") }.matched)
    }
}
