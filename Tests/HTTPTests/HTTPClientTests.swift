import HTTP
import Synchronization
import TestSupport
import Testing

/// The client against a well-behaved loopback server: what a collector sees on a good day.
struct HTTPClientTests {
    @Test func okResponseCarriesStatusBodyAndHeaders() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let result = await client.send(HTTPRequest(url: server.baseURL + "/metrics"))
        await server.stop()
        let response = try result.get()
        #expect(response.status == 200)
        #expect(response.body == server.metricsBody)
        #expect(response.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(response.header("X-FIXTURE") == "vllm")
        #expect(response.duration >= 0)
    }

    @Test func notFoundIsAResponseNotAnError() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/missing")).get()
        await server.stop()
        #expect(response.status == 404)
        #expect(response.body == Array("no such page".utf8))
    }

    @Test func gzipBodyIsDecoded() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/gzip")).get()
        let recorded = try await client.send(HTTPRequest(url: server.baseURL + "/record")).get()
        let accepted = await server.received.requests.first?.headers["accept-encoding"] ?? ""
        await server.stop()
        #expect(response.header("Content-Encoding") == "gzip")
        #expect(response.body == server.metricsBody)
        #expect(recorded.status == 200)
        #expect(accepted.contains("gzip"))
        #expect(accepted.contains("deflate"))
    }

    @Test func htmlPageStillGivesTheResponse() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/html")).get()
        await server.stop()
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html")
        #expect(String(decoding: response.body, as: UTF8.self).contains("<h1>Login required</h1>"))
    }

    @Test func sendAllGivesEveryOutcomeInRequestOrder() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        func sendAll(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, HTTPError>] {
            await withCheckedContinuation { continuation in
                client.send(all: requests) { continuation.resume(returning: $0) }
            }
        }
        let outcomes = try await LoopbackServer.withRefusingPort { port in
            await sendAll([
                HTTPRequest(url: server.baseURL + "/missing"),
                HTTPRequest(url: "http://127.0.0.1:\(port)/metrics"),
                HTTPRequest(url: server.baseURL + "/metrics"),
            ])
        }
        await server.stop()
        #expect(outcomes.count == 3)
        #expect(try outcomes[0].get().status == 404)
        #expect(outcomes[1].failure?.kind == .connect)
        #expect(try outcomes[2].get().body == server.metricsBody)
        #expect(await sendAll([]).isEmpty)
    }

    @Test func twoHundredConcurrentRequestsAllComplete() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let bodies = await withTaskGroup(of: (Int, String).self) { group in
            for index in 0..<200 {
                group.addTask {
                    // A generous timeout: this is about completeness, and CI shares two cores.
                    var request = HTTPRequest(url: server.baseURL + "/echo?i=\(index)")
                    request.timeout = 120
                    request.connectTimeout = 60
                    switch await client.send(request) {
                    case .success(let response): return (index, String(decoding: response.body, as: UTF8.self))
                    case .failure(let error): return (index, "error: \(error)")
                    }
                }
            }
            var bodies: [Int: String] = [:]
            for await (index, body) in group { bodies[index] = body }
            return bodies
        }
        await server.stop()
        #expect(bodies.count == 200)
        #expect(
            bodies.values.filter { $0.hasPrefix("error") }.isEmpty,
            "\(Set(bodies.values.filter { $0.hasPrefix("error") }))"
        )
        #expect((0..<200).allSatisfy { bodies[$0] == String($0) })
    }

    @Test func slowRequestDoesNotHoldBackFastOne() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let order = Mutex<[String]>([])
        let slowDone = AsyncSignal()
        client.send(HTTPRequest(url: server.baseURL + "/slow", timeout: 60)) { result in
            order.withLock { $0.append((try? String(decoding: result.get().body, as: UTF8.self)) ?? "slow failed") }
            slowDone.fire()
        }
        try await server.slowGate.waitForWaiters(1)
        let fast = await client.send(HTTPRequest(url: server.baseURL + "/fast"))
        order.withLock { $0.append((try? String(decoding: fast.get().body, as: UTF8.self)) ?? "fast failed") }
        let beforeRelease = order.withLock { $0 }
        await server.slowGate.open()
        await slowDone.wait()
        await server.stop()
        #expect(beforeRelease == ["fast"])
        #expect(order.withLock { $0 } == ["fast", "slow"])
    }

    @Test func postBodyAndMethodsReachTheServer() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        var payload = Array(#"{"action":"rollback","to":"v41"}"#.utf8)
        payload.append(0)  // binary-safe: a NUL byte must not cut the body short
        let headers = [HTTPHeader(name: "Content-Type", value: "application/json")]
        let post = try await client.send(
            HTTPRequest(url: server.baseURL + "/record", method: "POST", headers: headers, body: payload)
        ).get()
        let put = try await client.send(HTTPRequest(url: server.baseURL + "/record", method: "PUT", body: [1, 2, 3]))
            .get()
        let delete = try await client.send(HTTPRequest(url: server.baseURL + "/record", method: "DELETE")).get()
        let received = await server.received.requests
        await server.stop()
        #expect(post.body == payload)
        #expect(put.status == 200)
        #expect(delete.status == 200)
        #expect(received.map(\.method) == ["POST", "PUT", "DELETE"])
        #expect(received.first?.body == payload)
        #expect(received.first?.headers["content-type"] == "application/json")
        #expect(received.dropFirst().first?.body == [1, 2, 3])
    }

    @Test func bearerTokenIsSentButNeverPrinted() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let token = "sk-live-4f9c2a7e1b3d"
        let request = HTTPRequest(
            url: server.baseURL + "/record",
            headers: [HTTPHeader(name: "Authorization", value: "Bearer \(token)")]
        )
        _ = try await client.send(request).get()
        let seen = await server.received.requests.first?.headers["authorization"]
        await server.stop()
        #expect(seen == "Bearer \(token)")
        for text in [request.description, request.debugDescription, "\(request)", String(reflecting: request)] {
            #expect(!text.contains(token))
        }
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains(token))
        #expect(request.debugDescription.contains("Authorization: <redacted>"))
    }

    @Test func redirectsAreFollowedUpToThree() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        // Four answers from a test server that shares two cores with every other suite: the
        // default 10 s for the whole chain ran out under load, so this waits as long as it takes.
        let three = await client.send(HTTPRequest(url: server.baseURL + "/redirect?n=3", timeout: 120))
        let four = await client.send(HTTPRequest(url: server.baseURL + "/redirect?n=4", timeout: 120))
        await server.stop()
        #expect(try three.get().body == Array("arrived".utf8))
        guard case .failure(let error) = four else {
            Issue.record("a fourth redirect was followed")
            return
        }
        #expect(error.kind == .other)
        #expect(error.message.contains("redirect"))
    }
}
