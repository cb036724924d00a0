import FlyingFox
import Foundation

/// A scripted HTTP server on 127.0.0.1 for the bad-input tests: each answer is decided per request
/// by `respond`, which sees the path, the request headers and how many requests came before.
actor LoopbackServer {
    struct Answer: Sendable {
        var status = 200
        var contentType = "text/plain; version=0.0.4"
        var body = Data()
        /// Seconds to wait before answering (a server that "never answers" waits past the timeout).
        var delay: Double = 0

        static func text(
            _ text: String,
            status: Int = 200,
            contentType: String = "text/plain; version=0.0.4"
        )
            -> Answer
        {
            Answer(status: status, contentType: contentType, body: Data(text.utf8))
        }
    }

    typealias Responder = @Sendable (_ path: String, _ headers: [String: String], _ count: Int) -> Answer

    private let server: HTTPServer
    private var task: Task<Void, any Error>?
    private(set) var requests: [(path: String, headers: [String: String])] = []

    init() {
        server = HTTPServer(address: sockaddr_in.inet(port: 0), timeout: 60, logger: .disabled)
    }

    /// Starts listening and returns the base URL (`http://127.0.0.1:PORT`).
    func start(_ respond: @escaping Responder) async throws -> String {
        let counter = RequestCounter()
        await server.appendRoute("*") { [weak self] request in
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            let count = await counter.next(request.path)
            await self?.record(request.path, headers)
            let answer = respond(request.path, headers, count)
            if answer.delay > 0 { try? await Task.sleep(for: .seconds(answer.delay)) }
            return HTTPResponse(
                statusCode: HTTPStatusCode(answer.status, phrase: "Scripted"),
                headers: [HTTPHeader("Content-Type"): answer.contentType],
                body: answer.body
            )
        }
        let server = self.server
        task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw CocoaError(.featureUnsupported)
        }
        return "http://127.0.0.1:\(port)"
    }

    func stop() async {
        await server.stop(timeout: 0)
        task?.cancel()
    }

    private func record(_ path: String, _ headers: [String: String]) {
        requests.append((path, headers))
    }
}

/// Counts requests per path, so a script can change its answer from one poll to the next.
private actor RequestCounter {
    private var counts: [String: Int] = [:]

    func next(_ path: String) -> Int {
        defer { counts[path, default: 0] += 1 }
        return counts[path, default: 0]
    }
}
