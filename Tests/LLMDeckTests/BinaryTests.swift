import Foundation
import TestSupport
import Testing

struct BinaryTests {
    @Test func helpListsTheCommands() async throws {
        let run = try await CommandRun.llmdeck(["--help"])
        #expect(run.status == 0)
        for command in ["collect", "status", "probe", "check-config", "sim"] {
            #expect(run.standardOutput.contains(command), "\(command) in --help")
        }
    }
}
