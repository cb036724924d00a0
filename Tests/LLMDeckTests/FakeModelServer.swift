import Foundation
import Synchronization
import TestSupport

/// A model server reduced to fixed answers by path, over a real loopback socket, recording every
/// path it is asked for: for pages the simulator does not serve (Triton, hostile names) and for
/// checking which URLs a command asks.
final class FakeModelServer: Sendable {
    private let server: LoopbackServer
    private let asked: AskedPaths

    /// `http://127.0.0.1:<port>`.
    var url: String { server.url }

    /// Every path asked so far, in order (query strings included).
    var askedPaths: [String] { asked.paths.withLock { $0 } }

    /// Answers each path in `pages` with 200 and its bytes; any other path with 404.
    init(_ pages: [String: [UInt8]]) throws {
        let asked = AskedPaths()
        self.asked = asked
        server = try LoopbackServer { connection in
            guard let head = connection.readRequestHead() else { return }
            let requestLine = head.prefix { $0 != "\r" }.split(separator: " ")
            let path = requestLine.count > 1 ? String(requestLine[1]) : ""
            asked.paths.withLock { $0.append(path) }
            let body = pages[path]
            let status = body == nil ? "404 Not Found" : "200 OK"
            let bytes = body ?? Array("not found".utf8)
            connection.write(
                "HTTP/1.1 \(status)\r\nContent-Type: text/plain; version=0.0.4\r\n"
                    + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
            )
            connection.write(bytes)
        }
    }

    /// A Triton server: its `nv_inference_` page at `metricsPath`, readiness and `/v2` at the root;
    /// `model` is written into the page's `model` label byte for byte.
    static func triton(
        metricsPath: String = "/metrics",
        model: [UInt8] = Array("resnet".utf8)
    ) throws -> FakeModelServer {
        var page = Array("# TYPE nv_inference_request_success counter\nnv_inference_request_success{model=\"".utf8)
        page += model
        page += Array("\",version=\"1\"} 5\n# TYPE nv_inference_request_failure counter\n".utf8)
        page += Array("nv_inference_request_failure{model=\"resnet\",version=\"1\"} 1\n".utf8)
        return try FakeModelServer([
            metricsPath: page,
            "/v2/health/ready": [],
            "/v2": Array(#"{"name":"triton","version":"2.50.0"}"#.utf8),
        ])
    }

    func stop() { server.stop() }
}

/// The paths a `FakeModelServer` was asked for, appended from its connection threads.
private final class AskedPaths: Sendable {
    let paths = Mutex<[String]>([])
}
