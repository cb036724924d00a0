import ArgumentParser
import Fleet
import Foundation
import Vocabulary

/// `llmdeck silences`: the silences standing now, llmdeck's and every configured Alertmanager's.
struct SilencesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silences",
        abstract: "List the standing silences: llmdeck's own and each configured Alertmanager's.",
        discussion: """
            llmdeck's silences come from the store; an Alertmanager's are read from it now (active \
            and pending ones), marked when llmdeck made them (ack or silence). Exit 0, or 1 when an \
            Alertmanager could not be read (the others are still listed), 2 on bad input. --json: \
            {"silences": [...], "problems": [...]}, times in ISO 8601 UTC.
            """,
        subcommands: [SilencesExpireCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let session = try AlertActionSession(global, actor: nil, command: "llmdeck silences")
        let listing = await session.silencer.silences(now: AlertActionSession.now())
        session.close()
        let rows = Self.rows(listing)
        if json {
            let document = JSONValue.object([
                "silences": .array(rows.map(\.json)),
                "problems": .array(listing.problems.map { .string($0) }),
            ])
            print(document.text)
        } else if rows.isEmpty {
            print("no silences standing")
        } else {
            let header = ["ID", "SOURCE", "KIND", "MATCHERS", "STARTS", "ENDS", "CREATED BY", "COMMENT"]
            print(AlignedTable.text([header] + rows.map(\.cells)), terminator: "")
        }
        for problem in listing.problems {
            CommandBridge.printError("llmdeck silences: \(TextSanitizer.sanitize(problem))")
        }
        if !listing.problems.isEmpty { throw ExitCode(1) }
    }

    /// One silence as the table and the JSON show it.
    struct Row {
        var id: String
        /// `llmdeck`, or the alertmanager source's name.
        var source: String
        var isAlertmanager: Bool
        /// `ack`, `silence`, or nil for one llmdeck did not make.
        var kind: String?
        var matchers: [String]
        var startsAt: Int64
        var endsAt: Int64
        var createdBy: String
        var comment: String
        var state: String

        var cells: [String] {
            [
                id, source, kind ?? "-", matchers.joined(separator: ","), UTCTime.iso8601(milliseconds: startsAt),
                UTCTime.iso8601(milliseconds: endsAt), createdBy, comment,
            ].map(TextSanitizer.sanitize)
        }

        var json: JSONValue {
            .object([
                "id": .string(id),
                "source": .string(isAlertmanager ? "alertmanager" : "llmdeck"),
                "source_name": .string(source),
                "kind": .string(kind),
                "made_by_llmdeck": .bool(kind != nil),
                "matchers": .array(matchers.map { .string($0) }),
                "starts_at": .string(UTCTime.iso8601(milliseconds: startsAt)),
                "ends_at": .string(UTCTime.iso8601(milliseconds: endsAt)),
                "created_by": .string(createdBy),
                "comment": .string(comment),
                "state": .string(state),
            ])
        }
    }

    static func rows(_ listing: SilenceListing) -> [Row] {
        let now = AlertActionSession.now()
        let own = listing.own.map { silence in
            Row(
                id: silence.id,
                source: "llmdeck",
                isAlertmanager: false,
                kind: "silence",
                matchers: [("rule", silence.ruleID), ("deployment", silence.deployment)].compactMap { name, value in
                    value.map { "\(name)=\"\($0)\"" }
                },
                startsAt: silence.startsAt,
                endsAt: silence.endsAt,
                createdBy: silence.createdBy,
                comment: silence.comment,
                state: silence.status(at: now).rawValue
            )
        }
        let alertmanager = listing.alertmanager.map { entry in
            Row(
                id: entry.silence.id,
                source: entry.source,
                isAlertmanager: true,
                kind: entry.madeByLlmdeck?.kind.rawValue,
                matchers: entry.silence.matchers.map(\.text),
                startsAt: Int64((entry.silence.startsAt.timeIntervalSince1970 * 1000).rounded()),
                endsAt: Int64((entry.silence.endsAt.timeIntervalSince1970 * 1000).rounded()),
                createdBy: entry.silence.createdBy,
                comment: entry.silence.comment,
                state: entry.silence.state
            )
        }
        return own + alertmanager
    }
}

/// `llmdeck silences expire <id>`: end a silence now.
struct SilencesExpireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expire",
        abstract: "Expire a silence now (llmdeck's own, or one in an Alertmanager); audited.",
        discussion: "Exit 0 when expired, 1 when it failed (unknown id, unreachable Alertmanager), 2 on bad input."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The silence's id, as `llmdeck silences` prints it.")
    var id: String

    @Option(help: "Who expires it (default: $USER).")
    var actor: String?

    @Option(help: "The alertmanager source holding it (default: the one llmdeck made it in, else any).")
    var source: String?

    func run() async throws {
        let session = try AlertActionSession(global, actor: actor, command: "llmdeck silences expire")
        try await session.perform { () async throws(AlertActionError) in
            try await session.silencer.expire(silenceID: id, source: source, now: AlertActionSession.now())
        }
    }
}
