import HTTP
import Testing

@testable import HTTP

/// The client expires libcurl's cached addresses itself (libcurl's own expiry walks the cache
/// after every transfer).
struct AddressExpiryTests {
    @Test func removalNamesTheHostAndPortLibcurlCachesUnder() {
        #expect(AddressExpiry.removal(for: "http://Model-Server.example:8000/metrics") == "-model-server.example:8000")
        #expect(AddressExpiry.removal(for: "https://vllm.internal/metrics") == "-vllm.internal:443")
        #expect(AddressExpiry.removal(for: "http://10.0.0.5/health") == "-10.0.0.5:80")
        #expect(AddressExpiry.removal(for: "http://[::1]:8000/metrics") == nil)
    }

    @Test func aServerIsDueOncePerLifetime() {
        var expiry = AddressExpiry(lifetime: 60_000)
        let url = "http://10.0.0.5:8000/metrics"
        let answers = [
            expiry.isDue(url, now: 1_000),  // first use: libcurl resolves anyway
            expiry.isDue(url + "?again", now: 30_000),
            expiry.isDue("http://10.0.0.6:8000/metrics", now: 61_000),
            expiry.isDue("http://10.0.0.5:8000/health", now: 61_000),
            expiry.isDue(url, now: 62_000),
            expiry.isDue(url, now: 121_000),
        ]
        #expect(answers == [false, false, false, true, false, true])
    }

    @Test func requestsThatDropTheCachedAddressStillGetAnswers() async throws {
        let server = try await FixtureServer.start()
        let client = HTTPClient(addressCacheSeconds: 0)
        defer { client.shutdown() }
        var statuses: [Int] = []
        for _ in 0..<5 {
            let result = await client.send(
                HTTPRequest(url: server.baseURL.replacing("127.0.0.1", with: "localhost") + "/metrics")
            )
            statuses.append((try? result.get().status) ?? -1)
        }
        await server.stop()
        #expect(statuses == [200, 200, 200, 200, 200])
    }
}
