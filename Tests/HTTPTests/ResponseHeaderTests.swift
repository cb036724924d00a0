import HTTP
import TestSupport
import Testing

/// Response headers as a server may write them: any case, odd blanks, folded lines, redirects.
struct ResponseHeaderTests {
    @Test func namesValuesFoldedLinesAndTheDeclaredLengthAreRead() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.write(
                "HTTP/1.1 200 OK\r\n"
                    + "content-TYPE:text/plain; version=0.0.4 \r\n"
                    + "X-Long:  first part\r\n"
                    + " \tsecond part\r\n"
                    + "X-Empty:\r\n"
                    + "CONTENT-LENGTH : 5\r\n"
                    + "Connection: close\r\n\r\nhello"
            )
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(url: server.url + "/metrics")).get()
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/plain; version=0.0.4")
        #expect(response.header("x-long") == "first part second part")
        #expect(response.header("X-Empty") == "")
        #expect(response.header("Content-Length") == "5")
        #expect(response.headers.map(\.name) == ["content-TYPE", "X-Long", "X-Empty", "CONTENT-LENGTH", "Connection"])
        #expect(response.body == Array("hello".utf8))
    }
}
