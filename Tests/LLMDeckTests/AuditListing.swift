import Foundation
import TestSupport

/// `llmdeck audit --json` as the end-to-end tests read it: its rows, oldest first, with the columns
/// they check.
struct AuditListing: Decodable {
    struct Row: Decodable {
        var actor: String
        var action: String
        var subject_kind: String
        var subject: String
        var from_version: String?
        var to_version: String?
        var reason: String
        var outcome: String
    }

    var audit: [Row]

    /// The rows a run of `llmdeck audit --json` printed.
    static func rows(_ run: CommandRun) throws -> [Row] {
        try JSONDecoder().decode(Self.self, from: Data(run.standardOutput.utf8)).audit
    }
}
