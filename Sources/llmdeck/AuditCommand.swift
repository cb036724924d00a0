import ArgumentParser
import Config
import Foundation
import Store
import Vocabulary

/// `llmdeck audit`: the append-only trail of actions taken on the fleet, and its hash-chain check.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the audit trail of actions (rollbacks, promotions); --verify checks its hash chain.",
        discussion: """
            Reads the store's audit trail: who did what to which deployment or experiment, from \
            which version to which, the outcome, the status and the reason; one line per row, \
            oldest first. --json: {"audit": [...]}, times in ISO 8601 UTC, null where there is \
            no value. --verify checks every row from the first (whatever --since says): it \
            prints "audit trail intact: N rows" and exits 0, or each edited, deleted or \
            reordered row and exits 1. Exit 2 on bad input (no store, a bad configuration).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Only rows of this last stretch of time, e.g. 30m, 24h, 7d.")
    var since: String?

    @Flag(help: "Check the whole trail's hash chain; exit 1 when a row was edited, deleted or reordered.")
    var verify = false

    func run() throws {
        var sinceSeconds: Double?
        if let since {
            guard let seconds = parseDuration(since), seconds > 0 else {
                throw ValidationError("--since \(since) is not a duration such as 30m, 24h or 7d")
            }
            sinceSeconds = seconds
        }
        let configuration = try global.loadConfiguration()
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            CommandBridge.printError(
                "llmdeck audit: no store at \(path); pass the store the actions were taken with (--db FILE)"
            )
            throw ExitCode(2)
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let from = verify ? nil : sinceSeconds.map { now - Int64($0 * 1000) }
        let records: [AuditRecord]
        let lastIssuedID: Int64?
        do {
            let store = try Store(path: path, readOnly: true)
            (records, lastIssuedID) = try store.read { view in
                (try view.auditRecords(since: from), try view.auditLastIssuedID())
            }
        } catch {
            CommandBridge.printError("llmdeck audit: cannot read store \(path): \(error)")
            throw ExitCode(2)
        }
        if verify {
            let problems = AuditChain.verify(records, lastIssuedID: lastIssuedID)
            if json {
                print(Self.verificationJSON(problems, rows: records.count).text)
            } else {
                print(Self.verificationText(problems, rows: records.count), terminator: "")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        } else if json {
            print(JSONValue.object(["audit": .array(records.map(Self.json))]).text)
        } else {
            print(Self.table(records, since: since), terminator: "")
        }
    }

    /// One aligned line per row under a header; every stored string passes through
    /// `TextSanitizer` (who acted, reasons and versions are outside input).
    static func table(_ records: [AuditRecord], since: String?) -> String {
        guard !records.isEmpty else {
            return since.map { "no audit rows in the last \($0)\n" } ?? "no audit rows: no action was recorded\n"
        }
        let header = ["ID", "TIME", "ACTOR", "ACTION", "SUBJECT", "VERSIONS", "OUTCOME", "STATUS", "REASON"]
        let rows = records.map { record -> [String] in
            let entry = record.entry
            let versions =
                entry.fromVersion == nil && entry.toVersion == nil
                ? "-" : "\(entry.fromVersion ?? "-") → \(entry.toVersion ?? "-")"
            return [
                "\(record.id)", UTCTime.iso8601(milliseconds: entry.time), entry.actor,
                entry.refersTo.map { "\(entry.action) of \($0)" } ?? entry.action,
                "\(entry.subjectKind) \(entry.subject)", versions, entry.outcome, entry.status ?? "-",
                entry.reason.isEmpty ? "-" : entry.reason,
            ].map(TextSanitizer.sanitize)
        }
        return AlignedTable.text([header] + rows)
    }

    /// One row of `audit --json`: every column, keys in snake_case.
    static func json(_ record: AuditRecord) -> JSONValue {
        let entry = record.entry
        return .object([
            "id": .integer(record.id),
            "time": .string(UTCTime.iso8601(milliseconds: entry.time)),
            "actor": .string(entry.actor),
            "action": .string(entry.action),
            "subject_kind": .string(entry.subjectKind),
            "subject": .string(entry.subject),
            "from_version": .string(entry.fromVersion),
            "to_version": .string(entry.toVersion),
            "reason": .string(entry.reason),
            "request": .string(entry.request),
            "outcome": .string(entry.outcome),
            "status": .string(entry.status),
            "output": .string(entry.output),
            "evidence": .string(entry.evidence),
            "refers_to": entry.refersTo.map { .integer($0) } ?? .null,
            "previous_hash": .string(record.previousHash),
            "hash": .string(record.hash),
        ])
    }

    /// "audit trail intact: N rows", or a count and one line per problem.
    static func verificationText(_ problems: [AuditProblem], rows: Int) -> String {
        let noun = rows == 1 ? "row" : "rows"
        guard !problems.isEmpty else { return "audit trail intact: \(rows) \(noun)\n" }
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "audit trail damaged: \(count) in \(rows) \(noun)\n"
            + problems.map { "  \(TextSanitizer.sanitize($0.description))\n" }.joined()
    }

    /// `audit --verify --json`: `{"intact", "rows", "problems": [{"id", "kind", "message"}]}`.
    static func verificationJSON(_ problems: [AuditProblem], rows: Int) -> JSONValue {
        .object([
            "intact": .bool(problems.isEmpty),
            "rows": .integer(rows),
            "problems": .array(
                problems.map {
                    .object(["id": .integer($0.id), "kind": .string($0.kind.rawValue), "message": .string($0.message)])
                }
            ),
        ])
    }
}
