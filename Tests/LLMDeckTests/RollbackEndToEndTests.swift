import Foundation
import TestSupport
import Testing

/// `llmdeck sim`, `llmdeck collect` writing the store, and `llmdeck rollback` acting through the
/// simulator's rollback endpoint: a bad target and a non-terminal are bad input, read-only is
/// refused and audited, a failing command is audited as failed, the real rollback brings the
/// version back and is verified, and `llmdeck audit --verify` finds the chain intact.
@Suite(.serialized)
struct RollbackEndToEndTests {
    private struct Plan: Decodable {
        var from: String
        var to: String
        var outcome: String?
        var detail: String?
        var request: String?
        var verification: Verification?
        var audit_id: Int?

        struct Verification: Decodable {
            var outcome: String
            var detail: String
        }
    }

    private func version(_ base: Int) async throws -> String? {
        let data = try await simulatorRequest("http://127.0.0.1:\(base)/sim/state")
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["version"] as? String
    }

    @Test func rollbackIsRefusedAuditedPerformedAndVerified() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fleet = try await CollectedFleet.start(
            count: 2,
            arguments: ["--scenario", "none", "--rate", "10"],
            in: directory
        )
        defer { fleet.stop() }
        let base = fleet.base
        let rollback = { (arguments: [String]) in
            try await fleet.llmdeck(["rollback"] + arguments + ["--actor", "oncall-ana"])
        }
        let original = try #require(try await version(base))
        // The collector must see the first version before the deploy, or there is no history.
        try #require(
            await waitUntilAsync {
                try await rollback(["chat-prod", "--reason", "r", "--dry-run"]).standardError.contains("served only")
            },
            "the collector never recorded chat-prod's version: \(fleet.collector.output)"
        )
        // The first version serves a while: verification compares the rolled-back version's
        // latency with its own last hour of service (the latency rule's baseline factor).
        try await Task.sleep(for: .seconds(15))
        _ = try await simulatorRequest(
            "http://127.0.0.1:\(base)/sim/control",
            body: #"{"action": "deploy", "latency_factor": 3}"#
        )
        let deployed = try #require(try await version(base))
        #expect(deployed != original)
        var planned: CommandRun?
        _ = await waitUntilAsync {
            planned = try await rollback(["chat-prod", "--reason", "slow", "--dry-run", "--json"])
            return planned?.status == 0
        }
        let plan = try JSONDecoder().decode(Plan.self, from: Data(try #require(planned).standardOutput.utf8))
        #expect(plan.from == deployed && plan.to == original, "the target is the previous version")
        #expect(plan.outcome == nil, "a dry run does nothing")
        #expect(plan.request?.hasPrefix("POST http://127.0.0.1:\(base)/sim/rollback") == true)
        #expect(try await version(base) == deployed)

        let unknown = try await rollback(["chat-prod", "--to", "v0-never", "--reason", "r", "--yes"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("never served v0-never"), "\(unknown.standardError)")
        let unconfirmed = try await rollback(["chat-prod", "--reason", "r"])
        #expect(unconfirmed.status == 2, "stdin is not a terminal and --yes was not given")
        let refused = try await rollback(["chat-prod", "--reason", "read-only try", "--yes", "--read-only"])
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("refused: read-only"), "\(refused.standardOutput)")
        #expect(try await version(base) == deployed, "nothing ran")

        let done = try await rollback([
            "chat-prod", "--reason", "p95 \"tripled\" $(id)", "--yes", "--json", "--verify-for", "5m",
        ])
        let result = try JSONDecoder().decode(Plan.self, from: Data(done.standardOutput.utf8))
        #expect(result.outcome == "done" && result.detail == "HTTP 200", "\(done.standardOutput)")
        #expect(try await version(base) == original, "the simulator serves the previous version again")
        #expect(result.verification?.outcome == "verified", "\(String(describing: result.verification))")
        #expect(done.status == 0, "\(done.standardError)")

        let audit = try await fleet.llmdeck(["audit", "--json"])
        let rows = try AuditListing.rows(audit)
        #expect(rows.map(\.outcome) == ["refused", "done", "verified"], "\(rows)")
        #expect(rows.allSatisfy { $0.actor == "oncall-ana" && $0.subject == "chat-prod" })
        #expect(rows[1].reason == "p95 \"tripled\" $(id)")
        let verified = try await fleet.llmdeck(["audit", "--verify"])
        #expect(verified.status == 0, "\(verified.standardOutput)")
    }

    @Test func aFailingCommandIsAuditedAsFailedNeverDone() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let fleet = try await CollectedFleet.start(
            count: 1,
            arguments: ["--scenario", "none", "--rate", "5"],
            in: directory
        ) {
            $0.replacingOccurrences(
                of: #"(?s)    rollback:\n.*?timeout: 10s\n"#,
                with: "    rollback:\n      command: [sh, -c, \"echo no such revision >&2; exit 1\"]\n",
                options: .regularExpression
            )
        }
        defer { fleet.stop() }
        let base = fleet.base
        let rollback = { (arguments: [String]) in
            try await fleet.llmdeck(["rollback", "chat-prod"] + arguments + ["--actor", "ana"])
        }
        try #require(
            await waitUntilAsync {
                try await rollback(["--reason", "r", "--dry-run"]).standardError.contains("served only")
            },
            "the collector never recorded chat-prod's version: \(fleet.collector.output)"
        )
        _ = try await simulatorRequest("http://127.0.0.1:\(base)/sim/control", body: #"{"action": "deploy"}"#)
        try #require(await waitUntilAsync { try await rollback(["--reason", "r", "--dry-run"]).status == 0 })
        let failed = try await rollback(["--reason", "r", "--yes"])
        #expect(failed.status == 1)
        #expect(failed.standardOutput.contains("failed: exit 1"), "\(failed.standardOutput)")
        #expect(failed.standardOutput.contains("no such revision"))
        let audit = try await fleet.llmdeck(["audit", "--json"])
        let rows = try AuditListing.rows(audit)
        #expect(rows.map(\.outcome) == ["failed"])
    }
}
