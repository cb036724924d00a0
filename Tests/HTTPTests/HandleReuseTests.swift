import HTTP
import Testing

/// One event loop reuses its easy handles; what one request set must not leak into the next.
struct HandleReuseTests {
    @Test func eachRequestSendsOnlyItsOwnMethodHeadersAndBody() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient()
        defer { client.shutdown() }
        let url = server.baseURL + "/record"
        var withToken = HTTPRequest(url: url)
        withToken.headers = [HTTPHeader(name: "Authorization", value: "Bearer secret-token")]
        var post = HTTPRequest(url: url, method: "POST")
        post.body = Array("{\"revert\":true}".utf8)
        let head = HTTPRequest(url: url, method: "HEAD")
        // One at a time, so each request takes the handle the previous one gave back.
        var statuses: [Int] = []
        for request in [withToken, HTTPRequest(url: url), post, HTTPRequest(url: url), head, HTTPRequest(url: url)] {
            statuses.append((try? await client.send(request).get().status) ?? -1)
        }
        let plain = try await client.send(HTTPRequest(url: url)).get()
        let seen = await server.received.requests
        await server.stop()
        #expect(statuses == [200, 200, 200, 200, 200, 200])
        #expect(seen.map(\.method) == ["GET", "GET", "POST", "GET", "HEAD", "GET", "GET"])
        #expect(seen.map { $0.headers["authorization"] != nil } == [true, false, false, false, false, false, false])
        #expect(seen.map(\.body.count) == [0, 0, 15, 0, 0, 0, 0])
        #expect(plain.body.isEmpty)
    }
}
