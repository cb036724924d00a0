import HTTP
import Testing

/// What a request, a response and an error print: useful to a person, never a credential.
struct HTTPRequestTests {
    @Test func defaultsMatchTheContract() {
        let request = HTTPRequest(url: "http://10.0.0.5:8000/metrics")
        #expect(request.method == "GET")
        #expect(request.timeout == 10)
        #expect(request.connectTimeout == 3)
        #expect(request.maxResponseBytes == 16 * 1024 * 1024)
        #expect(request.body == nil)
    }

    @Test func descriptionShowsMethodAndURL() {
        let request = HTTPRequest(url: "https://chat.internal:8443/v1/models", method: "post")
        #expect(request.description == "POST https://chat.internal:8443/v1/models")
    }

    @Test func credentialHeadersAreRedactedEverywhere() {
        let secrets = ["Bearer tok-123456789", "session=abcdef123", "key-987654321"]
        let request = HTTPRequest(
            url: "http://10.0.0.5:8000/metrics",
            headers: [
                HTTPHeader(name: "authorization", value: secrets[0]),
                HTTPHeader(name: "Cookie", value: secrets[1]),
                HTTPHeader(name: "X-API-Key", value: secrets[2]),
                HTTPHeader(name: "Accept", value: "text/plain;version=0.0.4"),
            ]
        )
        var dumped = ""
        dump(request, to: &dumped)
        for text in [request.description, request.debugDescription, String(reflecting: request), dumped] {
            for secret in secrets { #expect(!text.contains(secret)) }
        }
        #expect(request.debugDescription.contains("authorization: <redacted>"))
        #expect(request.debugDescription.contains("Accept: text/plain;version=0.0.4"))
    }

    @Test func urlPasswordIsRedacted() {
        let request = HTTPRequest(url: "http://admin:hunter2@10.0.0.5:9090/api/v1/query?q=up")
        #expect(request.redactedURL == "http://<redacted>@10.0.0.5:9090/api/v1/query?q=up")
        #expect(!request.debugDescription.contains("hunter2"))
        let plain = HTTPRequest(url: "http://10.0.0.5:9090/search?email=a@b.c")
        #expect(plain.redactedURL == plain.url)
    }

    @Test func headerLookupIgnoresCase() {
        let response = HTTPResponse(
            status: 200,
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/openmetrics-text; version=1.0.0"),
                HTTPHeader(name: "Set-Cookie", value: "a=1"),
                HTTPHeader(name: "set-cookie", value: "b=2"),
            ],
            body: [],
            duration: 0.01
        )
        #expect(response.header("content-type") == "application/openmetrics-text; version=1.0.0")
        #expect(response.header("SET-COOKIE") == "a=1")
        #expect(response.header("Retry-After") == nil)
    }

    @Test func errorDescriptionNamesTheKind() {
        let error = HTTPError(kind: .tooLarge, message: "GET http://x/metrics: response too large", bytesReceived: 17)
        #expect(error.description == "HTTP tooLarge: GET http://x/metrics: response too large")
        #expect(error.curlCode == 0)
    }
}
