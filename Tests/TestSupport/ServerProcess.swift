import Foundation
import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// A real server binary (the Debian packages' `/usr/bin/prometheus-alertmanager`, `/usr/bin/prometheus`)
/// on a loopback port, its files and log in a temporary directory.
///
/// Stop it with ``stop()`` on every path; `deinit` kills it as a last resort.
public final class ServerProcess: @unchecked Sendable {
    public let process: Process
    public let directory: TemporaryDirectory
    /// `http://127.0.0.1:<port>`.
    public let url: String
    public let port: Int

    private init(process: Process, directory: TemporaryDirectory, port: Int) {
        self.process = process
        self.directory = directory
        self.port = port
        url = "http://127.0.0.1:\(port)"
    }

    /// Starts `binary` with the arguments `arguments` makes for a port and a fresh directory (after
    /// `prepare` wrote its files there) and returns once `/-/ready` answers 200. Retries on another
    /// port when the process ended at once (the port taken meanwhile).
    public static func start(
        _ name: String,
        binary: String,
        prepare: (TemporaryDirectory) throws -> Void = { _ in },
        arguments: (TemporaryDirectory, Int) -> [String]
    ) async throws -> ServerProcess {
        var lastLog = ""
        for _ in 0..<4 {
            let directory = try TemporaryDirectory(prefix: "llmdeck-\(name)")
            let port = freePortBase(count: 1)
            try prepare(directory)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments(directory, port)
            FileManager.default.createFile(atPath: directory.path("server.log"), contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.path("server.log")))
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let running = ServerProcess(process: process, directory: directory, port: port)
            if await running.waitUntilReady("/-/ready") { return running }
            let exited = !running.process.isRunning
            lastLog = running.log
            await running.stop()
            directory.remove()
            if !exited { break }
        }
        throw ServerProcessError(message: "\(name) did not become ready; its log ends:\n\(lastLog.suffix(2000))")
    }

    /// Everything the server logged so far.
    public var log: String { (try? String(contentsOfFile: directory.path("server.log"), encoding: .utf8)) ?? "" }

    /// Polls `path` (bounded, about 90 s) until it answers 200; false when the process ended first.
    private func waitUntilReady(_ path: String) async -> Bool {
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<450 {
            guard process.isRunning else { return false }
            let response = await client.send(HTTPRequest(url: url + path, timeout: 2))
            if case .success(let answer) = response, answer.status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// SIGTERM, up to 15 s for a clean shutdown, then SIGKILL; removes the directory; waits without
    /// blocking a pool thread.
    public func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        if await !waitUntil(attempts: 150, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            _ = await waitUntil(attempts: 100) { !process.isRunning }
        }
        if !process.isRunning { process.waitUntilExit() }
        directory.remove()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The test environment could not run a server (not the code under test).
public struct ServerProcessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "ServerProcess: \(message)" }
}

/// A real Alertmanager: one `null` receiver, clustering off, alerts grouped after 1 s.
public enum AlertmanagerProcess {
    public static let binary = "/usr/bin/prometheus-alertmanager"

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public static func start() async throws -> ServerProcess {
        try await ServerProcess.start(
            "alertmanager",
            binary: binary,
            prepare: { directory in
                try """
                route:
                  receiver: 'null'
                  group_wait: 1s
                  group_interval: 1s
                receivers:
                  - name: 'null'
                """.write(toFile: directory.path("alertmanager.yml"), atomically: true, encoding: .utf8)
            },
            arguments: { directory, port in
                [
                    "--config.file=" + directory.path("alertmanager.yml"),
                    "--storage.path=" + directory.path("data"),
                    "--web.listen-address=127.0.0.1:\(port)",
                    "--cluster.listen-address=",
                ]
            }
        )
    }
}
