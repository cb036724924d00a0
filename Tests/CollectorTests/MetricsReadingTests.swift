import HTTP
import Testing

@testable import Collector

/// How one metrics answer is classified before any parsing.
struct MetricsReadingTests {
    @Test(arguments: [
        ("text/html; charset=utf-8", true), ("TEXT/HTML", true), ("application/xhtml+xml", true),
        ("text/plain; version=0.0.4", false), ("", false), ("hhtml", true), ("htm", false),
    ])
    func htmlContentTypeIsALoginPageNotMetrics(contentType: String, isHTML: Bool) {
        let body = Array("vllm:num_requests_running 1\n".utf8)
        #expect(MetricsReading.looksLikeHTML(body, contentType: contentType) == isHTML)
        let response = HTTPResponse(
            status: 200,
            headers: [HTTPHeader(name: "Content-Type", value: contentType)],
            body: body,
            duration: 0
        )
        let reading = MetricsReading(.success(response), cap: 1 << 20)
        #expect((reading.problem?.health == .badPayload) == isHTML)
    }
}
