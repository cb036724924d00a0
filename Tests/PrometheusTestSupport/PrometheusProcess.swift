import Foundation
import HTTP
import Simulator
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus (`/usr/bin/prometheus`, the Debian package) on a free loopback port, scraping a
/// simulated fleet, its data in a temporary directory.
///
/// Stop it with ``stop()`` on every path; `deinit` kills it as a last resort.
public final class PrometheusProcess: @unchecked Sendable {
    public static let binary = "/usr/bin/prometheus"

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let process: Process
    public let directory: TemporaryDirectory
    /// `http://127.0.0.1:<port>`.
    public let url: String

    private init(process: Process, directory: TemporaryDirectory, url: String) {
        self.process = process
        self.directory = directory
        self.url = url
    }

    /// Starts Prometheus scraping every server every `scrapeInterval` seconds, each target labelled with
    /// `deployment`, `kind` and `env`, and returns once it answers `/-/ready`. Retries on another port when
    /// the chosen one was taken meanwhile.
    public static func start(
        scraping servers: [SimulatedServer],
        scrapeInterval: Int = 1
    ) async throws -> PrometheusProcess {
        try await start(configuration: config(servers, scrapeInterval: scrapeInterval))
    }

    /// Starts Prometheus with `configuration` as its `prometheus.yml`, and `files` (name → text, e.g. a
    /// rule file the configuration names as `rules.yml`) beside it in its directory; returns once it
    /// answers `/-/ready`. `{{dir}}` in the configuration becomes that directory's path.
    public static func start(configuration: String, files: [String: String] = [:]) async throws -> PrometheusProcess {
        var lastLog = ""
        for _ in 0..<3 {
            let directory = try TemporaryDirectory(prefix: "llmdeck-prometheus")
            let port = try freeLoopbackPort()
            for (name, text) in files {
                try text.write(toFile: directory.path(name), atomically: true, encoding: .utf8)
            }
            try configuration.replacingOccurrences(of: "{{dir}}", with: directory.url.path).write(
                toFile: directory.path("prometheus.yml"),
                atomically: true,
                encoding: .utf8
            )
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "--config.file=" + directory.path("prometheus.yml"),
                "--storage.tsdb.path=" + directory.path("data"),
                "--web.listen-address=127.0.0.1:\(port)",
                "--storage.tsdb.retention.time=1h",
            ]
            FileManager.default.createFile(atPath: directory.path("prometheus.log"), contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.path("prometheus.log")))
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let running = PrometheusProcess(process: process, directory: directory, url: "http://127.0.0.1:\(port)")
            if await running.waitUntilReady() { return running }
            let exited = !running.process.isRunning
            lastLog = running.log
            await running.stop()
            running.directory.remove()
            // Only a start that failed at once (the port taken meanwhile) is worth another port.
            if !exited { break }
        }
        throw PrometheusProcessError(message: "Prometheus did not become ready; its log ends:\n\(lastLog.suffix(2000))")
    }

    /// The scrape configuration: one static target per server.
    public static func config(_ servers: [SimulatedServer], scrapeInterval: Int) -> String {
        var yaml = """
            global:
              scrape_interval: \(scrapeInterval)s
              scrape_timeout: \(scrapeInterval)s
              evaluation_interval: \(scrapeInterval)s
            scrape_configs:
              - job_name: llmdeck-sim
                static_configs:

            """
        for server in servers {
            yaml += "      - targets: ['127.0.0.1:\(server.port)']\n"
            yaml += "        labels: {deployment: '\(server.name)', kind: '\(server.kind.rawValue)', "
            yaml += "env: '\(server.environment)'}\n"
        }
        return yaml
    }

    /// Everything Prometheus logged so far.
    public var log: String { (try? String(contentsOfFile: directory.path("prometheus.log"), encoding: .utf8)) ?? "" }

    /// Polls `/-/ready` (bounded, about 90 s) until it answers 200; false when the process ended first or
    /// never got ready.
    private func waitUntilReady() async -> Bool {
        let client = HTTPClient()
        defer { client.shutdown() }
        for _ in 0..<450 {
            guard process.isRunning else { return false }
            let response = await client.send(HTTPRequest(url: url + "/-/ready", timeout: 2))
            if case .success(let answer) = response, answer.status == 200 { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// SIGTERM, up to 15 s for a clean shutdown, then SIGKILL; waits without blocking a pool thread.
    public func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        if await !waitUntil(attempts: 150, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            _ = await waitUntil(attempts: 100) { !process.isRunning }
        }
        if !process.isRunning { process.waitUntilExit() }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound to port 0, read, closed).
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PrometheusProcessError(message: "socket failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            throw PrometheusProcessError(message: "bind to 127.0.0.1 failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// The test environment could not run Prometheus (not the code under test).
public struct PrometheusProcessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "PrometheusProcess: \(message)" }
}
