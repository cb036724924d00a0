import Foundation
import Store
import TestSupport
import Testing
import Vocabulary

/// `llmdeck audit`, the real binary, on trails appended through `Store`: the table, the JSON
/// document, `--since`, and `--verify` before and after a row is edited with the sqlite3 shell.
struct AuditCommandTests {
    /// A store with three audit rows: a rollback 30 hours ago, its verification 29 hours ago and
    /// a refused experiment promotion 2 hours ago, by an actor whose name carries an escape.
    struct AuditStore {
        let directory: TemporaryDirectory
        let path: String
        let configPath: String
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())

        init() throws {
            directory = try TemporaryDirectory()
            path = directory.path("deck.sqlite")
            configPath = directory.path("config.yaml")
            try "".write(toFile: configPath, atomically: true, encoding: .utf8)
        }

        func appendRows() throws -> [AuditRecord] {
            let store = try Store(path: path)
            let hour: Int64 = 3_600_000
            return try [
                AuditEntry(
                    time: now - 30 * hour,
                    actor: "alice",
                    action: "rollback",
                    subjectKind: "deployment",
                    subject: "chat-prod",
                    fromVersion: "v1.3.0",
                    toVersion: "v1.2.0",
                    reason: "p95 latency doubled after the deploy",
                    request: "kubectl rollout undo deployment/chat-prod --to-revision=41",
                    outcome: "done",
                    status: "0",
                    output: "deployment.apps/chat-prod rolled back",
                    evidence: #"{"p95_seconds":{"before":4.1,"after":9.3}}"#
                ),
                AuditEntry(
                    time: now - 29 * hour,
                    actor: "alice",
                    action: "verify",
                    subjectKind: "deployment",
                    subject: "chat-prod",
                    fromVersion: "v1.3.0",
                    toVersion: "v1.2.0",
                    reason: "p95 latency doubled after the deploy",
                    request: "kubectl rollout undo deployment/chat-prod --to-revision=41",
                    outcome: "verified",
                    refersTo: 1
                ),
                AuditEntry(
                    time: now - 2 * hour,
                    actor: "bob\u{1B}[2J",
                    action: "promote",
                    subjectKind: "experiment",
                    subject: "summary-prompt",
                    reason: "",
                    request: "POST https://flags.internal/api/experiments/summary-prompt/promote",
                    outcome: "refused"
                ),
            ].map { try store.appendAudit($0) }
        }

        func run(_ arguments: [String]) async throws -> CommandRun {
            try await CommandRun.llmdeck(["audit"] + arguments + ["--config", configPath, "--db", path])
        }

        func remove() { directory.remove() }
    }

    private static func jsonRows(_ run: CommandRun) throws -> [[String: Any]] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        )
        return try #require(document["audit"] as? [[String: Any]])
    }

    @Test func tableShowsEveryRowSanitized() async throws {
        let fixture = try AuditStore()
        defer { fixture.remove() }
        let records = try fixture.appendRows()
        let run = try await fixture.run([])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ID  TIME"))
        for column in ["ACTOR", "ACTION", "SUBJECT", "VERSIONS", "OUTCOME", "STATUS", "REASON"] {
            #expect(lines[0].contains(column))
        }
        let rollback = lines[1]
        #expect(rollback.hasPrefix("1   \(UTCTime.iso8601(milliseconds: records[0].entry.time))  alice"))
        for text in ["rollback", "deployment chat-prod", "v1.3.0 → v1.2.0", "done", "p95 latency doubled after"] {
            #expect(rollback.contains(text), "\(text)")
        }
        #expect(lines[2].contains("verify of 1") && lines[2].contains("verified"))
        #expect(lines[3].contains("bob␛[2J") && lines[3].contains("experiment summary-prompt"))
        #expect(lines[3].contains("refused"))
        #expect(!run.standardOutput.unicodeScalars.contains("\u{1B}"))
        // Columns line up (in characters, as a terminal shows them): every outcome starts where
        // the header's does.
        let columns = try zip(lines, ["OUTCOME", "done", "verified", "refused"]).map { line, text in
            line.distance(from: line.startIndex, to: try #require(line.range(of: text)).lowerBound)
        }
        #expect(Set(columns).count == 1, "\(columns)")
    }

    @Test func jsonListsEveryColumnWithSnakeCaseKeys() async throws {
        let fixture = try AuditStore()
        defer { fixture.remove() }
        let records = try fixture.appendRows()
        let run = try await fixture.run(["--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = try Self.jsonRows(run)
        #expect(rows.compactMap { $0["id"] as? Int } == [1, 2, 3])
        let keys: Set<String> = [
            "id", "time", "actor", "action", "subject_kind", "subject", "from_version", "to_version", "reason",
            "request", "outcome", "status", "output", "evidence", "refers_to", "previous_hash", "hash",
        ]
        #expect(rows.allSatisfy { Set($0.keys) == keys })
        let rollback = rows[0]
        #expect(rollback["time"] as? String == UTCTime.iso8601(milliseconds: records[0].entry.time))
        #expect(rollback["action"] as? String == "rollback")
        #expect(rollback["subject_kind"] as? String == "deployment")
        #expect(rollback["from_version"] as? String == "v1.3.0")
        #expect(rollback["to_version"] as? String == "v1.2.0")
        #expect(rollback["status"] as? String == "0")
        #expect(rollback["evidence"] as? String == records[0].entry.evidence)
        #expect(rollback["refers_to"] is NSNull)
        #expect(rollback["previous_hash"] as? String == AuditChain.genesisHash)
        #expect(rollback["hash"] as? String == records[0].hash)
        #expect(rows[1]["refers_to"] as? Int == 1)
        #expect(rows[2]["actor"] as? String == "bob\u{1B}[2J")
        #expect(rows[2]["from_version"] is NSNull)
        #expect(rows[2]["output"] is NSNull)
    }

    @Test func sinceKeepsTheRecentRows() async throws {
        let fixture = try AuditStore()
        defer { fixture.remove() }
        _ = try fixture.appendRows()
        let recent = try await fixture.run(["--json", "--since", "24h"])
        #expect(recent.status == 0, "\(recent.standardError)")
        #expect(try Self.jsonRows(recent).compactMap { $0["id"] as? Int } == [3])
        let day = try await fixture.run(["--since", "1d6h30m"])
        #expect(day.standardOutput.split(separator: "\n").count == 4)
        let none = try await fixture.run(["--since", "1h"])
        #expect(none.status == 0)
        #expect(none.standardOutput == "no audit rows in the last 1h\n")
        let bad = try await fixture.run(["--since", "yesterday"])
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("--since yesterday is not a duration"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func verifyPassesAnIntactTrailAndNamesAnEditedRow() async throws {
        let fixture = try AuditStore()
        defer { fixture.remove() }
        _ = try fixture.appendRows()
        let intact = try await fixture.run(["--verify", "--since", "1h"])
        #expect(intact.status == 0, "\(intact.standardError)")
        #expect(intact.standardOutput == "audit trail intact: 3 rows\n")

        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        edit.arguments = [
            fixture.path,
            "DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'dry-run' WHERE id = 1;",
        ]
        try edit.run()
        edit.waitUntilExit()
        #expect(edit.terminationStatus == 0)

        let damaged = try await fixture.run(["--verify"])
        #expect(damaged.status == 1)
        #expect(
            damaged.standardOutput == """
                audit trail damaged: 1 problem in 3 rows
                  row 1 was changed after it was written: its content no longer matches its hash

                """
        )
        let json = try await fixture.run(["--verify", "--json"])
        #expect(json.status == 1)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        )
        #expect(document["intact"] as? Bool == false)
        #expect(document["rows"] as? Int == 3)
        let problems = try #require(document["problems"] as? [[String: Any]])
        #expect(problems.compactMap { $0["id"] as? Int } == [1])
        #expect(problems.compactMap { $0["kind"] as? String } == ["changed"])
    }

    @Test func emptyTrailAndMissingStore() async throws {
        let fixture = try AuditStore()
        defer { fixture.remove() }
        let missing = try await fixture.run([])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no store at"))
        #expect(missing.standardOutput.isEmpty)
        _ = try Store(path: fixture.path)
        let empty = try await fixture.run([])
        #expect(empty.status == 0, "\(empty.standardError)")
        #expect(empty.standardOutput == "no audit rows: no action was recorded\n")
        let verify = try await fixture.run(["--verify"])
        #expect(verify.status == 0)
        #expect(verify.standardOutput == "audit trail intact: 0 rows\n")
    }
}
