import Foundation
import GRDB
import TestSupport
import Testing
import Vocabulary

/// Text a server chose reaches `probe` and `status` output as the console grid shows it: escape
/// sequences, C1 controls, bidi overrides, invisible format characters and invalid UTF-8 inert.
struct HostileTextTests {
    /// A model label with a screen-clearing escape sequence, the 8-bit CSI (C1), a right-to-left
    /// override and a zero-width space.
    static let hostileModel = "m\u{1b}[2J\u{9b}31m\u{202e}evil\u{200b}!"

    /// Scalars that must never reach a terminal: C0 except newline, DEL and C1, bidi controls,
    /// the zero-width space.
    static func unsafeScalars(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0a: false
            case 0x00...0x1f, 0x7f...0x9f, 0x202a...0x202e, 0x2066...0x2069, 0x200b, 0x200e, 0x200f: true
            default: false
            }
        }
    }

    @Test func probeTextShowsAHostileModelLabelAsTheGridDoes() async throws {
        let server = try FakeModelServer.triton(model: Array(Self.hostileModel.utf8))
        defer { server.stop() }
        let run = try await CommandRun.llmdeck(["probe", server.url + "/metrics"])
        #expect(run.status == 0, "\(run.standardOutput)")
        let inert = TextSanitizer.sanitize(Self.hostileModel)
        #expect(inert == "m␛[2J\u{FFFD}31m\u{FFFD}evil!")
        #expect(run.standardOutput.contains("model     \(inert)\n"), "\(run.standardOutput)")
        // The canonical values' sources repeat the raw label.
        #expect(run.standardOutput.contains("{model=\"\(inert)\",version=\"1\"}"), "\(run.standardOutput)")
        #expect(Self.unsafeScalars(run.standardOutput).isEmpty, "\(Self.unsafeScalars(run.standardOutput))")
    }

    @Test func probeRefusesAPageWithInvalidUTF8() async throws {
        let server = try FakeModelServer.triton(model: [0x6d, 0xff, 0xfe, 0x21])
        defer { server.stop() }
        let run = try await CommandRun.llmdeck(["probe", server.url + "/metrics"])
        #expect(run.status == 1)
        #expect(run.standardOutput.contains("health    bad_payload"), "\(run.standardOutput)")
        #expect(run.standardOutput.contains("not valid UTF-8"), "\(run.standardOutput)")
        #expect(!run.standardOutput.contains("\u{FFFD}"), "nothing of the bytes is shown")
    }

    @Test func statusTextShowsHostileNamesFromTheStoreAsTheGridDoes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try FakeModelServer.triton(model: Array(Self.hostileModel.utf8))
        defer { server.stop() }
        // A config's url with a path is the metrics page too; readiness is asked at the root.
        let store = try await CollectedStore.make(polling: server.url + "/metrics", in: directory)
        #expect(server.askedPaths.contains("/v2/health/ready"))
        // Invalid UTF-8 only reaches a store through another writer: bytes 0xFF and 0xFE.
        try await store.queue(readOnly: false).write { db in
            try db.execute(sql: "UPDATE versions SET version = CAST(X'31FFFE32' AS TEXT)")
        }

        let run = try await CommandRun.llmdeck(["status", "--config", store.configPath, "--window", "1h"])
        #expect(run.status == 0, "\(run.standardError)")
        let row = try #require(run.standardOutput.split(separator: "\n").first { $0.hasPrefix("served") })
        #expect(row.contains("triton"), "\(row)")
        #expect(row.contains(" up "), "\(row)")
        #expect(row.contains(TextSanitizer.sanitize(Self.hostileModel)), "\(row)")
        #expect(row.contains("1\u{FFFD}\u{FFFD}2"), "\(row)")
        #expect(Self.unsafeScalars(run.standardOutput).isEmpty, "\(Self.unsafeScalars(run.standardOutput))")
    }
}
