import Foundation
import TestSupport
import Testing

/// `llmdeck promote` and `llmdeck rollback --experiment` against an experiment the simulator
/// serves and `llmdeck collect` records: an unknown variant is bad input, read-only is refused,
/// the promote and the rollback run their commands with the experiment and the variant, and
/// each is audited.
@Suite(.serialized)
struct PromoteEndToEndTests {
    @Test func promoteAndExperimentRollbackRunTheirActionsAndAreAudited() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let record = directory.path("flags")
        let fleet = try await CollectedFleet.start(
            count: 2,
            arguments: [
                "--scenario", "none", "--experiment", "tone:variants=a,b;success=0.5,0.8;servers=2;rate=30;start=1",
            ],
            in: directory
        ) {
            $0 + """
                experiments:
                  list:
                    - name: tone
                      promote:
                        command: [sh, -c, 'echo "promote $0 $1 ($2)" >> \(record)', "{{experiment}}", "{{variant}}", "{{reason}}"]
                      rollback:
                        command: [sh, -c, 'echo "rollback $0 $1" >> \(record)', "{{experiment}}", "{{variant}}"]

                """
        }
        defer { fleet.stop() }
        let llmdeck = fleet.llmdeck
        var seen = false
        for _ in 0..<300 where !seen {
            seen = try await llmdeck(["ab", "tone", "--json"]).status == 0
            if !seen { try await Task.sleep(for: .milliseconds(200)) }
        }
        try #require(seen, "the experiment never reached the store")

        let unknown = try await llmdeck(["promote", "tone", "c", "--reason", "r", "--yes", "--actor", "ana"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no variant c"), "\(unknown.standardError)")
        let refused = try await llmdeck([
            "promote", "tone", "b", "--reason", "r", "--yes", "--read-only", "--actor", "ana",
        ])
        #expect(refused.status == 1)
        #expect(!FileManager.default.fileExists(atPath: record), "nothing ran")

        let promoted = try await llmdeck([
            "promote", "tone", "b", "--reason", "b converts better", "--yes", "--actor", "ana",
        ])
        #expect(promoted.status == 0, "\(promoted.standardOutput)\(promoted.standardError)")
        let rolledBack = try await llmdeck([
            "rollback", "tone", "--experiment", "--reason", "complaints", "--yes", "--actor", "ana",
        ])
        #expect(rolledBack.status == 0, "\(rolledBack.standardOutput)\(rolledBack.standardError)")
        let written = try String(contentsOfFile: record, encoding: .utf8)
        #expect(written == "promote tone b (b converts better)\nrollback tone a\n")

        let audit = try await llmdeck(["audit", "--json"])
        let rows = try AuditListing.rows(audit)
        #expect(rows.map(\.action) == ["promote", "promote", "experiment-rollback"])
        #expect(rows.map(\.outcome) == ["refused", "done", "done"])
        #expect(rows.allSatisfy { $0.subject_kind == "experiment" && $0.subject == "tone" })
        #expect(rows.map(\.to_version) == ["b", "b", "a"])
    }
}
