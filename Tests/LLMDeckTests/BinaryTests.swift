import Foundation
import TestSupport
import Testing

struct BinaryTests {
    @Test func helpListsTheCommands() throws {
        let process = Process()
        process.executableURL = TestPaths.llmdeckBinary
        process.arguments = ["--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("llmdeck"))
    }
}
