import Foundation
import GRDB
import StoreTestSupport
import TestSupport
import Testing

@testable import Store

/// The audit trail: rows read back as appended, the triggers refuse changes, and once they are
/// dropped by hand an edited, a deleted and a reordered row are each found and named.
struct AuditTrailTests {
    private static let t = StoreFixtures.origin

    /// A rollback with every field, its verification, and a refused promote with the optional
    /// fields absent.
    private static let entries = [
        AuditEntry(
            time: t,
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
            time: t + 60_000,
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
            time: t + 120_000,
            actor: "bob",
            action: "promote",
            subjectKind: "experiment",
            subject: "summary-prompt",
            reason: "",
            request: "POST https://flags.internal/api/experiments/summary-prompt/promote",
            outcome: "refused"
        ),
        AuditEntry(
            time: t + 180_000,
            actor: "bob",
            action: "experiment-rollback",
            subjectKind: "experiment",
            subject: "summary-prompt",
            reason: "guardrail: error rate",
            request: "POST https://flags.internal/api/experiments/summary-prompt/rollback",
            outcome: "failed",
            status: "503",
            output: "upstream unavailable"
        ),
    ]

    /// A store holding `entries`, and what `appendAudit` returned for them.
    private static func trail() throws -> (TemporaryStore, Store, [AuditRecord]) {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let records = try entries.map { try store.appendAudit($0) }
        return (temporary, store, records)
    }

    private static func everyRecord(_ store: Store) throws -> [AuditRecord] {
        try store.read { try $0.auditRecords() }
    }

    private static func problems(_ store: Store) throws -> [AuditProblem] {
        try store.read { view in
            AuditChain.verify(try view.auditRecords(), lastIssuedID: try view.auditLastIssuedID())
        }
    }

    /// Runs raw SQL on the store's file through GRDB, as someone with the file would.
    private static func tamper(
        _ temporary: TemporaryStore,
        _ sql: String,
        _ arguments: StatementArguments = []
    ) throws {
        let queue = try DatabaseQueue(path: temporary.path)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    @Test func appendedEntriesReadBackInOrderAndChained() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        #expect(records.map(\.id) == [1, 2, 3, 4])
        #expect(records.map(\.entry) == Self.entries)
        #expect(records[0].previousHash == AuditChain.genesisHash)
        #expect(AuditChain.genesisHash == String(repeating: "0", count: 64))
        for (previous, record) in zip(records, records.dropFirst()) { #expect(record.previousHash == previous.hash) }
        for record in records {
            #expect(record.hash.count == 64 && record.hash.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(
                record.hash == AuditChain.hash(id: record.id, entry: record.entry, previousHash: record.previousHash)
            )
        }
        #expect(try Self.everyRecord(store) == records)
        #expect(try Self.everyRecord(try temporary.open(readOnly: true)) == records)
        #expect(try Self.problems(store) == [])
        #expect(AuditChain.verify([]) == [])
    }

    @Test func sinceAndLimitSelectTheNewestRowsOldestFirst() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        #expect(try store.read { try $0.auditRecords(since: Self.t + 60_000) } == Array(records[1...]))
        #expect(try store.read { try $0.auditRecords(since: Self.t + 60_001) } == Array(records[2...]))
        #expect(try store.read { try $0.auditRecords(limit: 2) } == Array(records[2...]))
        #expect(try store.read { try $0.auditRecords(since: Self.t, limit: 1) } == [records[3]])
        #expect(try store.read { try $0.auditRecords(since: Self.t + 999_999) } == [])
    }

    @Test func triggersRefuseUpdateDeleteAndReplace() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        let attempts = [
            "UPDATE audit SET reason = 'nothing happened' WHERE id = 2",
            "UPDATE audit SET hash = prev_hash",
            "DELETE FROM audit WHERE id = 2",
            "DELETE FROM audit",
            """
            INSERT OR REPLACE INTO audit(id, ts, actor, action, subject_kind, subject, reason, request, outcome,
                prev_hash, hash) SELECT id, ts, actor, action, subject_kind, subject, 'edited', request, outcome,
                prev_hash, hash FROM audit WHERE id = 2
            """,
        ]
        for sql in attempts {
            let error = #expect(throws: DatabaseError.self, "\(sql)") { try Self.tamper(temporary, sql) }
            #expect(error?.message == Schema.auditAppendOnly, "\(sql)")
        }
        #expect(try Self.everyRecord(store) == records)
        #expect(try Self.problems(store) == [])
    }

    @Test func retentionKeepsTheTrail() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        try store.applyRetention(now: Self.t + 10 * 365 * 86_400_000, raw: 1, minute: 1, hour: 1)
        #expect(try Self.everyRecord(store) == records)
    }

    @Test func readOnlyStoreRefusesToAppend() throws {
        let (temporary, _, _) = try Self.trail()
        defer { temporary.remove() }
        let error = #expect(throws: StoreError.self) { try temporary.open(readOnly: true).appendAudit(Self.entries[0]) }
        #expect(error?.operation == "appendAudit")
    }

    @Test func editedRowIsNamed() throws {
        let (temporary, store, _) = try Self.trail()
        defer { temporary.remove() }
        try Self.tamper(temporary, "DROP TRIGGER audit_no_update")
        try Self.tamper(temporary, "UPDATE audit SET outcome = 'dry-run' WHERE id = 2")
        let problems = try Self.problems(store)
        #expect(problems.map(\.id) == [2])
        #expect(problems.map(\.kind) == [.changed])
        #expect(
            problems.map(\.description) == [
                "row 2 was changed after it was written: its content no longer matches its hash"
            ]
        )
    }

    @Test func editedRowWithItsHashRecomputedIsNamed() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        var edited = records[1].entry
        edited.outcome = "dry-run"
        let hash = AuditChain.hash(id: 2, entry: edited, previousHash: records[1].previousHash)
        try Self.tamper(temporary, "DROP TRIGGER audit_no_update")
        try Self.tamper(temporary, "UPDATE audit SET outcome = 'dry-run', hash = ? WHERE id = 2", [hash])
        let problems = try Self.problems(store)
        #expect(problems.map(\.id) == [2])
        #expect(problems.map(\.kind) == [.unlinked])
        #expect(
            problems.map(\.description) == [
                "row 2 was changed or replaced after row 3 was written: row 3 no longer links to it"
            ]
        )
    }

    @Test func deletedRowIsNamed() throws {
        let (temporary, store, _) = try Self.trail()
        defer { temporary.remove() }
        try Self.tamper(temporary, "DROP TRIGGER audit_no_delete")
        try Self.tamper(temporary, "DELETE FROM audit WHERE id = 2")
        let problems = try Self.problems(store)
        #expect(problems.map(\.id) == [2])
        #expect(problems.map(\.kind) == [.missing])
        #expect(problems.map(\.description) == ["row 2 is missing: it was deleted (row 3 follows row 1)"])
    }

    @Test func deletedFirstAndNewestRowsAreNamed() throws {
        let (temporary, store, _) = try Self.trail()
        defer { temporary.remove() }
        try Self.tamper(temporary, "DROP TRIGGER audit_no_delete")
        try Self.tamper(temporary, "DELETE FROM audit WHERE id IN (1, 3, 4)")
        let problems = try Self.problems(store)
        #expect(
            problems.map(\.description) == [
                "row 1 is missing: it was deleted (the trail starts at row 2)",
                "rows 3–4 are missing: the newest rows were deleted (the store numbered rows up to 4)",
            ]
        )
        #expect(problems.map(\.id) == [1, 3])
        // The next row takes id 5 and links to row 2: the gap stays visible.
        let appended = try store.appendAudit(Self.entries[0])
        #expect(appended.id == 5)
        #expect(
            try Self.problems(store).map(\.description) == [
                "row 1 is missing: it was deleted (the trail starts at row 2)",
                "rows 3–4 are missing: they were deleted (row 5 follows row 2)",
            ]
        )
    }

    @Test func reorderedRowsAreNamed() throws {
        let (temporary, store, records) = try Self.trail()
        defer { temporary.remove() }
        #expect(
            AuditChain.verify([records[0], records[2], records[1], records[3]]).map(\.description) == [
                "row 2 is out of order: it comes after row 3"
            ]
        )
        // Two rows' contents swapped, each rehashed under its new id and linked in its new place:
        // the row after them still links to the original row 3.
        var swapped = records
        for (index, source) in [(1, 2), (2, 1)] {
            swapped[index].entry = records[source].entry
            swapped[index].previousHash = swapped[index - 1].hash
            swapped[index].hash = AuditChain.hash(
                id: swapped[index].id,
                entry: swapped[index].entry,
                previousHash: swapped[index].previousHash
            )
        }
        #expect(AuditChain.verify(swapped).map(\.kind) == [.unlinked])
        #expect(AuditChain.verify(swapped).map(\.id) == [3])
        // Rows 2 and 3 renumbered into each other's place in the file, hashes and all.
        try Self.tamper(temporary, "DROP TRIGGER audit_no_update")
        try Self.tamper(
            temporary,
            """
            UPDATE audit SET id = 100 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3;
            UPDATE audit SET id = 3 WHERE id = 100
            """
        )
        let problems = try Self.problems(store)
        #expect(problems.map(\.kind) == [.changed, .changed, .reordered])
        #expect(problems.map(\.id) == [2, 3, 4])
        #expect(problems.last?.description == "row 4 follows row 2 instead of row 3: rows were reordered")
    }

    @Test func hashSeparatesAbsentFromEmptyAndFieldBoundaries() {
        let base = Self.entries[2]
        var empty = base
        empty.fromVersion = ""
        var shifted = base
        shifted.actor = "bo"
        shifted.action = "bpromote"
        let previous = AuditChain.genesisHash
        let hashes = [base, empty, shifted].map { AuditChain.hash(id: 3, entry: $0, previousHash: previous) }
        #expect(Set(hashes).count == 3)
        #expect(AuditChain.hash(id: 4, entry: base, previousHash: previous) != hashes[0])
        let text = String(decoding: AuditChain.serialization(id: 3, entry: base, previousHash: previous), as: UTF8.self)
        #expect(text.hasPrefix("s16:llmdeck-audit-v1i3;i\(Self.t + 120_000);s3:bobs7:promotes10:experiment"))
        #expect(text.contains("s14:summary-promptnns0:"))
        #expect(text.hasSuffix("s7:refusednnnns64:\(previous)"))
    }

    @Test func sha256MatchesTheNISTVectors() {
        let vectors: [(message: String, digest: String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                    + "mnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            ),
        ]
        for vector in vectors {
            #expect(SHA256.hexDigest(Array(vector.message.utf8)) == vector.digest, "\(vector.message)")
        }
        #expect(
            SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    /// Messages of 'a' around the padding boundaries (55 and 56 bytes: the length still fits in
    /// the block or not; 64, 119, 120), checked against coreutils' `sha256sum`.
    @Test func sha256PadsAtBlockBoundaries() {
        let digests: [Int: String] = [
            55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
            120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
        ]
        for (count, digest) in digests {
            #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: count)) == digest, "\(count)")
        }
    }
}
