import Foundation

/// The outcome of running the real `llmdeck` binary to completion.
public struct CommandRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    /// Runs `llmdeck` with `arguments` and waits for it without blocking a thread of the
    /// concurrency pool (other tests' tasks keep running); `environment` entries are added to
    /// this process's environment.
    public static func llmdeck(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
        let process = Process()
        process.executableURL = TestPaths.llmdeckBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let outputFile = try TemporaryDirectory(prefix: "llmdeck-run")
        defer { outputFile.remove() }
        let outPath = outputFile.path("stdout")
        let errPath = outputFile.path("stderr")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return CommandRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self)
        )
    }
}
