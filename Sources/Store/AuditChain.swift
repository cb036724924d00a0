/// The audit trail's hash chain: how a row's hash is computed, and the check that finds edited,
/// deleted and reordered rows.
///
/// A row's hash is the SHA-256 (FIPS 180-4) of a canonical serialization of its id, every field
/// of its entry and the previous row's hash, so a row cannot be changed, removed or moved without
/// breaking the chain at that row or the next. The serialization (notes/store.md "Audit trail"):
/// the text `llmdeck-audit-v1`, then id, time, actor, action, subject kind, subject, from and to
/// versions, reason, request, outcome, status, output, evidence, refers-to and previous hash, in
/// that order, each as `s<UTF-8 byte count>:<bytes>` (text), `i<decimal>;` (integer) or `n`
/// (absent): every value is self-delimiting, and an absent value differs from an empty one.
public enum AuditChain {
    /// The previous hash of the first row: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The hash a row with `id`, `entry` and `previousHash` carries: 64 lowercase hex digits.
    public static func hash(id: Int64, entry: AuditEntry, previousHash: String) -> String {
        SHA256.hexDigest(serialization(id: id, entry: entry, previousHash: previousHash))
    }

    /// The bytes `hash` digests.
    static func serialization(id: Int64, entry: AuditEntry, previousHash: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        func text(_ value: String?) {
            guard let value else { return bytes.append(UInt8(ascii: "n")) }
            bytes.append(UInt8(ascii: "s"))
            bytes += Array(String(value.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += Array(value.utf8)
        }
        func integer(_ value: Int64?) {
            guard let value else { return bytes.append(UInt8(ascii: "n")) }
            bytes.append(UInt8(ascii: "i"))
            bytes += Array(String(value).utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        text("llmdeck-audit-v1")
        integer(id)
        integer(entry.time)
        text(entry.actor)
        text(entry.action)
        text(entry.subjectKind)
        text(entry.subject)
        text(entry.fromVersion)
        text(entry.toVersion)
        text(entry.reason)
        text(entry.request)
        text(entry.outcome)
        text(entry.status)
        text(entry.output)
        text(entry.evidence)
        integer(entry.refersTo)
        text(previousHash)
        return bytes
    }

    /// The problems of the whole trail, `records` being every row from the first in id order
    /// (`StoreView.auditRecords(since: nil, limit: nil)`); empty when the trail is intact.
    ///
    /// `lastIssuedID` is the highest id the store ever gave a row (`StoreView.auditLastIssuedID`):
    /// with it, deleting the newest rows is found too, which no chain can show by itself. Each
    /// damage is reported once, at the row it concerns: an edited row as `changed`; deleted rows
    /// as `missing` (an id gap, a first row other than 1, ids issued past the last row); a row
    /// that links to another row than the one before it as `reordered`; a row whose successor
    /// does not link to it (replaced, or edited with its hash recomputed) as `unlinked`.
    public static func verify(_ records: [AuditRecord], lastIssuedID: Int64? = nil) -> [AuditProblem] {
        var problems: [AuditProblem] = []
        var rowByHash: [String: Int64] = [:]
        for record in records where rowByHash[record.hash] == nil { rowByHash[record.hash] = record.id }
        let presentIDs = Set(records.map(\.id))
        var previous: AuditRecord?
        for record in records {
            let isIntact = hash(id: record.id, entry: record.entry, previousHash: record.previousHash) == record.hash
            if !isIntact {
                problems.append(
                    AuditProblem(
                        id: record.id,
                        kind: .changed,
                        message:
                            "row \(record.id) was changed after it was written: its content no longer matches its hash"
                    )
                )
            }
            let previousID = previous?.id ?? 0
            if record.id <= previousID {
                problems.append(
                    AuditProblem(
                        id: record.id,
                        kind: .reordered,
                        message: "row \(record.id) is out of order: it comes after row \(previousID)"
                    )
                )
            } else if record.id > previousID + 1 {
                // Ids of the gap found elsewhere in the list are out of order, not deleted.
                let absent = (previousID + 1...record.id - 1).filter { !presentIDs.contains($0) }
                for run in runs(absent) { problems.append(missing(run, before: record.id, after: previous?.id)) }
            } else if isIntact, record.previousHash != (previous?.hash ?? genesisHash) {
                problems.append(unlinked(record, previous: previous, rowByHash: rowByHash))
            }
            if record.id > previousID { previous = record }
        }
        if let lastIssuedID, lastIssuedID > previous?.id ?? 0 {
            let range = (previous?.id ?? 0) + 1...lastIssuedID
            let rows = range.count == 1 ? "row \(lastIssuedID) is" : "rows \(range.lowerBound)–\(lastIssuedID) are"
            let newest = range.count == 1 ? "the newest row was" : "the newest rows were"
            problems.append(
                AuditProblem(
                    id: range.lowerBound,
                    kind: .missing,
                    message: "\(rows) missing: \(newest) deleted (the store numbered rows up to \(lastIssuedID))"
                )
            )
        }
        return problems
    }

    /// `ids` (ascending) as runs of consecutive ids.
    private static func runs(_ ids: [Int64]) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for id in ids {
            if let last = runs.last, last.upperBound + 1 == id {
                runs[runs.count - 1] = last.lowerBound...id
            } else {
                runs.append(id...id)
            }
        }
        return runs
    }

    private static func missing(
        _ range: ClosedRange<Int64>,
        before id: Int64,
        after previousID: Int64?
    ) -> AuditProblem {
        let rows = range.count == 1 ? "row \(range.lowerBound) is" : "rows \(range.lowerBound)–\(range.upperBound) are"
        let pronoun = range.count == 1 ? "it was" : "they were"
        let context = previousID.map { "row \(id) follows row \($0)" } ?? "the trail starts at row \(id)"
        return AuditProblem(
            id: range.lowerBound,
            kind: .missing,
            message: "\(rows) missing: \(pronoun) deleted (\(context))"
        )
    }

    /// An intact row that does not link to the row before it.
    private static func unlinked(
        _ record: AuditRecord,
        previous: AuditRecord?,
        rowByHash: [String: Int64]
    ) -> AuditProblem {
        guard let previous else {
            return AuditProblem(
                id: record.id,
                kind: .unlinked,
                message: "row \(record.id) does not start the trail: it links to a row that is not there (rows "
                    + "before it were deleted and the rest renumbered, or it was replaced)"
            )
        }
        if let linked = rowByHash[record.previousHash], linked != previous.id {
            return AuditProblem(
                id: record.id,
                kind: .reordered,
                message: "row \(record.id) follows row \(linked) instead of row \(previous.id): rows were reordered"
            )
        }
        return AuditProblem(
            id: previous.id,
            kind: .unlinked,
            message: "row \(previous.id) was changed or replaced after row \(record.id) was written: "
                + "row \(record.id) no longer links to it"
        )
    }
}
