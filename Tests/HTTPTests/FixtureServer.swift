import FlyingFox
import Foundation
import TestSupport

/// A well-behaved HTTP server on 127.0.0.1 (FlyingFox) with the routes the client tests need.
///
/// Routes: `/metrics` (vLLM fixture), `/gzip` (the same, gzip-encoded by the real `gzip`
/// binary), `/html`, `/missing` (404), `/echo?i=N`, `/record` (any method: remembers what it
/// received and echoes the body), `/slow` (answers once `slowGate` opens), `/fast`,
/// `/redirect?n=N` (N redirects before the answer).
final class FixtureServer: Sendable {
    let port: UInt16
    let received: RequestLog
    let slowGate: Gate
    let metricsBody: [UInt8]
    private let server: HTTPServer
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(server: HTTPServer, task: Task<Void, any Error>, port: UInt16, routes: (RequestLog, Gate, [UInt8])) {
        self.server = server
        received = routes.0
        slowGate = routes.1
        self.task = task
        self.port = port
        metricsBody = routes.2
    }

    static func start() async throws -> FixtureServer {
        let metrics = try TestPaths.fixture("vllm_metrics.prom")
        let gzipped = try gzip(TestPaths.fixtures.appendingPathComponent("vllm_metrics.prom"))
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        let log = RequestLog()
        let gate = Gate()
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", HTTPHeader("X-Fixture"): "vllm"],
                body: metrics
            )
        }
        await server.appendRoute("GET /gzip") { _ in
            HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/plain", .contentEncoding: "gzip"],
                body: gzipped
            )
        }
        await server.appendRoute("GET /html") { _ in
            let page = "<!DOCTYPE html><html><body><h1>Login required</h1></body></html>"
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html"], body: Data(page.utf8))
        }
        await server.appendRoute("GET /missing") { _ in
            HTTPResponse(statusCode: .notFound, body: Data("no such page".utf8))
        }
        await server.appendRoute("GET /echo") { request in
            HTTPResponse(statusCode: .ok, body: Data((request.query["i"] ?? "").utf8))
        }
        await server.appendRoute("/record") { request in
            let body = try await request.bodyData
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            await log.append(
                ReceivedRequest(
                    method: request.method.rawValue,
                    path: request.path,
                    headers: headers,
                    body: [UInt8](body)
                )
            )
            return HTTPResponse(statusCode: .ok, body: body)
        }
        await server.appendRoute("GET /slow") { _ in
            await gate.wait()
            return HTTPResponse(statusCode: .ok, body: Data("slow".utf8))
        }
        await server.appendRoute("GET /fast") { _ in
            HTTPResponse(statusCode: .ok, body: Data("fast".utf8))
        }
        await server.appendRoute("GET /redirect") { request in
            let remaining = Int(request.query["n"] ?? "0") ?? 0
            guard remaining > 0 else { return HTTPResponse(statusCode: .ok, body: Data("arrived".utf8)) }
            let headers: HTTPHeaders = [.location: "/redirect?n=\(remaining - 1)"]
            return HTTPResponse(statusCode: .found, headers: headers)
        }
        let task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else {
            task.cancel()
            throw LoopbackServerError(message: "FlyingFox did not report an IPv4 listening address")
        }
        return FixtureServer(server: server, task: task, port: port, routes: (log, gate, [UInt8](metrics)))
    }

    func stop() async {
        await slowGate.open()
        await server.stop()
        task.cancel()
    }

    /// The file compressed by the system's `gzip -9`: real gzip, not a hand-made stream.
    private static func gzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-9", "-c", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw LoopbackServerError(message: "gzip exited with \(process.terminationStatus)")
        }
        return data
    }
}

/// What `/record` saw: method, path, headers (names lowercased) and body.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    var headers: [String: String]
    var body: [UInt8]
}

/// Requests received by `/record`, in arrival order.
actor RequestLog {
    private(set) var requests: [ReceivedRequest] = []

    func append(_ request: ReceivedRequest) {
        requests.append(request)
    }
}

/// Holds `/slow` handlers until the test opens it, so ordering does not depend on timing.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false

    var waiterCount: Int { waiters.count }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Returns once `count` handlers are held; throws if they do not arrive within 10 s.
    func waitForWaiters(_ count: Int) async throws {
        for _ in 0..<1_000 where waiters.count < count {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        guard waiters.count >= count else {
            throw LoopbackServerError(message: "the slow request never reached the server")
        }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
