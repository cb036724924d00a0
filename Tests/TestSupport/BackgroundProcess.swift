import Foundation

/// A real `llmdeck` process running in the background, its output captured to files.
public final class BackgroundProcess: @unchecked Sendable {
    public let process: Process
    public let standardOutputPath: String
    public let standardErrorPath: String

    /// Starts `llmdeck` with `arguments`; output goes to `<directory>/<name>.out|.err`.
    public init(
        llmdeck arguments: [String],
        in directory: TemporaryDirectory,
        name: String,
        environment: [String: String] = [:]
    ) throws {
        process = Process()
        process.executableURL = TestPaths.llmdeckBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        standardOutputPath = directory.path("\(name).out")
        standardErrorPath = directory.path("\(name).err")
        FileManager.default.createFile(atPath: standardOutputPath, contents: nil)
        FileManager.default.createFile(atPath: standardErrorPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: standardOutputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardErrorPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything the process wrote to stdout and stderr so far.
    public var output: String {
        let out = (try? String(contentsOfFile: standardOutputPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
        return out + err
    }

    /// Sends `signal` and waits (without blocking a pool thread) for the process to end.
    public func stop(signal: Int32 = SIGTERM) async {
        if process.isRunning {
            kill(process.processIdentifier, signal)
        }
        _ = await waitUntil(attempts: 1_200) { !process.isRunning }
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Polls `condition` every 100 ms until it holds or `attempts` run out; returns whether it held.
/// For waiting on real processes, never for asserting on time; sleeping suspends the task
/// instead of blocking a thread of the concurrency pool.
public func waitUntil(attempts: Int = 600, _ condition: () throws -> Bool) async rethrows -> Bool {
    for _ in 0..<attempts {
        if try condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return false
}

/// A loopback port unlikely to clash between concurrently running tests: below Linux's
/// ephemeral range (32768–60999), where the kernel puts every listener on port 0 and every
/// outgoing connection of the other suites, so only another test's explicit range can take it.
public func freePortBase(count: Int) -> Int {
    Int.random(in: 20_000...(32_000 - count))
}
