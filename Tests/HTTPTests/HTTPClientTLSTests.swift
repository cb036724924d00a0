import Foundation
import HTTP
import TestSupport
import Testing

/// TLS verification is always on: a real `openssl s_server` with a self-signed certificate
/// must be refused, never silently accepted.
struct HTTPClientTLSTests {
    @Test func selfSignedCertificateIsRefused() async throws {
        let directory = try TemporaryDirectory(prefix: "llmdeck-tls")
        defer { directory.remove() }
        let key = directory.path("key.pem")
        let certificate = directory.path("cert.pem")
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
        ])
        let port = try await LoopbackServer.withRefusingPort { $0 }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = [
            "s_server", "-quiet", "-www", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key,
        ]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            // SIGKILL: s_server inherits the test runner's blocked signals, so SIGTERM would wait.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }

        let client = HTTPClient()
        defer { client.shutdown() }
        let request = HTTPRequest(url: "https://127.0.0.1:\(port)/", timeout: 5)
        var error = try #require(await client.send(request).failure)
        for _ in 0..<100 where error.kind == .connect {  // until s_server listens
            try await Task.sleep(nanoseconds: 50_000_000)
            error = try #require(await client.send(request).failure)
        }
        #expect(error.kind == .tls)
        #expect(error.curlCode == 60)  // CURLE_PEER_FAILED_VERIFICATION
        #expect(error.message.contains("certificate"))
    }

    private func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw LoopbackServerError(
                message: "openssl \(arguments.first ?? "") exited with \(process.terminationStatus)"
            )
        }
    }
}
