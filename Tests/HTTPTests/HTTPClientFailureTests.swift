import HTTP
import Synchronization
import TestSupport
import Testing

/// The client against peers that misbehave: each failure comes back as an `HTTPError` of the
/// right kind, with bounded memory, and nothing crashes.
struct HTTPClientFailureTests {
    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let result = await client.send(HTTPRequest(url: server.url + "/metrics", timeout: 0.5))
        let error = try #require(result.failure)
        #expect(error.kind == .timeout)
        #expect(error.message.contains("/metrics"))
    }

    @Test func refusedConnectionIsAConnectError() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let token = "sk-refused-9d8c7b6a"
        let error = try await LoopbackServer.withRefusingPort { port in
            let request = HTTPRequest(
                url: "http://127.0.0.1:\(port)/metrics",
                headers: [HTTPHeader(name: "Authorization", value: "Bearer \(token)")]
            )
            return try #require(await client.send(request).failure)
        }
        #expect(error.kind == .connect)
        #expect(!error.description.contains(token))
        #expect(error.description.contains("127.0.0.1"))
    }

    @Test func streamFarOverTheCapIsCutOff() async throws {
        let sent = Mutex(0)
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
            for _ in 0..<1_024 {  // 64 MiB, stopped as soon as the client hangs up
                guard connection.write(chunk) else { return }
                sent.withLock { $0 += chunk.count }
            }
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let cap = 16 << 20
        let error = try #require(await client.send(HTTPRequest(url: server.url + "/huge", timeout: 60)).failure)
        #expect(error.kind == .tooLarge)
        #expect(error.bytesReceived > cap)
        #expect(error.bytesReceived <= cap + (1 << 20))
        #expect(error.message.contains("\(cap)"))
        #expect(sent.withLock { $0 } < 64 << 20)
    }

    @Test func declaredLengthOverTheCapFailsBeforeTheBody() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(64 << 20)\r\n\r\nfirst bytes")
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let request = HTTPRequest(url: server.url + "/huge", timeout: 30, maxResponseBytes: 1 << 20)
        let error = try #require(await client.send(request).failure)
        #expect(error.kind == .tooLarge)
        #expect(error.bytesReceived <= 1 << 20)
    }

    @Test func headOfAResourceOverTheCapIsNotCutOff() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: \(64 << 20)\r\n\r\n")
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: server.url + "/big", method: "HEAD")).get()
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.header("Content-Length") == "\(64 << 20)")
    }

    @Test func peerClosingMidBodyIsReported() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part")
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let error = try #require(await client.send(HTTPRequest(url: server.url + "/metrics")).failure)
        #expect(error.kind == .other)
        #expect(error.curlCode == 18)  // CURLE_PARTIAL_FILE
    }

    @Test func tlsToAPlainServerIsATLSError() async throws {
        let server = try LoopbackServer { connection in
            // Plain HTTP where the client expects a TLS ServerHello.
            connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = server.url.replacing("http://", with: "https://") + "/metrics"
        let error = try #require(await client.send(HTTPRequest(url: url)).failure)
        #expect(error.kind == .tls)
    }

    @Test func unusableRequestsAreRefusedWithAReason() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        let cases: [(HTTPRequest, String)] = [
            (HTTPRequest(url: "ftp://127.0.0.1/metrics"), "http://"),
            (HTTPRequest(url: "http://127.0.0.1/a b"), "space"),
            (HTTPRequest(url: "http://127.0.0.1/", method: "BREW"), "unsupported method"),
            (
                HTTPRequest(url: "http://127.0.0.1/", headers: [HTTPHeader(name: "X-Test", value: "a\r\nInjected: 1")]),
                "line break"
            ),
            (HTTPRequest(url: "http://127.0.0.1/", timeout: .nan), "timeout"),
            (HTTPRequest(url: "http://127.0.0.1/", connectTimeout: -1), "connect timeout"),
            (HTTPRequest(url: "http://127.0.0.1/", maxResponseBytes: 0), "maxResponseBytes"),
        ]
        for (request, reason) in cases {
            let error = try #require(await client.send(request).failure)
            #expect(error.kind == .invalidURL)
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func shutdownFailsPendingRequestsAndLaterOnes() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        let done = AsyncSignal()
        let outcome = Mutex<HTTPError?>(nil)
        client.send(HTTPRequest(url: server.url + "/hang", timeout: 60)) { result in
            outcome.withLock { $0 = result.failure }
            done.fire()
        }
        client.shutdown()
        await done.wait()
        let pending = try #require(outcome.withLock { $0 })
        #expect(pending.kind == .other)
        #expect(pending.message.contains("shut down"))
        let later = try #require(await client.send(HTTPRequest(url: server.url + "/again")).failure)
        #expect(later.message.contains("shut down"))
        client.shutdown()
    }

    @Test func completionMayShutTheClientDown() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        let done = AsyncSignal()
        client.send(HTTPRequest(url: server.baseURL + "/fast")) { _ in
            client.shutdown()  // on the client's own thread: must not deadlock
            done.fire()
        }
        await done.wait()
        let later = try #require(await client.send(HTTPRequest(url: server.baseURL + "/fast")).failure)
        await server.stop()
        #expect(later.kind == .other)
    }
}

extension Result {
    /// The error, or nil on success: lets `#require` unwrap an expected failure.
    var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}

/// Releasing the last reference to a client shuts it down cleanly.
struct HTTPClientLifetimeTests {
    @Test func droppingTheClientFailsItsPendingRequests() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let done = AsyncSignal()
        let outcome = Mutex<HTTPError?>(nil)
        do {
            let client = HTTPClient()
            client.send(HTTPRequest(url: server.url + "/hang", timeout: 60)) { result in
                outcome.withLock { $0 = result.failure }
                done.fire()
            }
        }
        await done.wait()
        let error = try #require(outcome.withLock { $0 })
        #expect(error.kind == .other)
        #expect(error.message.contains("shut down"))
    }
}
