import Foundation
import HTTP
import Synchronization
import TestSupport
import Testing

@testable import PrometheusSource

/// The client against loopback peers: what goes on the wire, and how failures of the transfer are worded.
struct PrometheusAPITests {
    /// One request as a loopback peer received it.
    struct ReceivedRequest: Sendable {
        var head: String
        var body: String
    }

    /// What a recording peer received, in order.
    final class RequestLog: Sendable {
        private let requests = Mutex<[ReceivedRequest]>([])

        func append(_ request: ReceivedRequest) { requests.withLock { $0.append(request) } }

        var all: [ReceivedRequest] { requests.withLock { $0 } }
    }

    /// The error a call ends with; nil (and a recorded issue) when it succeeded.
    func failure<T>(_ call: () async throws(PrometheusError) -> T) async -> PrometheusError? {
        do {
            _ = try await call()
            Issue.record("the call succeeded")
            return nil
        } catch {
            return error
        }
    }

    /// The error a range query ends with; nil (and a recorded issue) when it succeeded.
    func rangeFailure(_ api: PrometheusAPI, from start: Date, to end: Date, step: Double) async -> PrometheusError? {
        do {
            _ = try await api.queryRange("up", start: start, end: end, step: step)
            Issue.record("the range query succeeded")
            return nil
        } catch {
            return error
        }
    }

    /// A peer that records each request and answers it with `status`, `contentType` and `body`.
    func recordingServer(
        status: Int = 200,
        contentType: String = "application/json",
        body: String,
        into received: RequestLog
    ) throws -> LoopbackServer {
        try LoopbackServer { connection in
            guard let request = connection.readRequest() else { return }
            received.append(ReceivedRequest(head: request.head, body: request.body))
            connection.write(
                "HTTP/1.1 \(status) Status\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(body)"
            )
        }
    }

    @Test func queriesArePostedAsFormsWithTheBearerToken() async throws {
        let received = RequestLog()
        let server = try recordingServer(
            body: #"{"status":"success","data":{"resultType":"vector","result":[]}}"#,
            into: received
        )
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: server.url + "/prefix/", client: client, bearerToken: "s3cret", timeout: 5)
        let promql = #"sum by (deployment) (rate(vllm:request_success_total{job="a b"}[1m]))"#
        _ = try await api.query(promql, at: Date(timeIntervalSince1970: 1_700_000_000.25))
        let request = try #require(received.all.first)
        #expect(request.head.hasPrefix("POST /prefix/api/v1/query HTTP/1.1\r\n"))
        #expect(request.head.contains("Content-Type: application/x-www-form-urlencoded\r\n"))
        #expect(request.head.contains("Authorization: Bearer s3cret\r\n"))
        #expect(
            request.body == "query=" + FormEncoding.escape(promql) + "&timeout=5&time=1700000000.250"
        )
        #expect(!api.description.contains("s3cret"))
        #expect(!String(describing: api).contains("s3cret"))
    }

    @Test func rangeSeriesAndLabelValuesUseTheirEndpoints() async throws {
        let received = RequestLog()
        let server = try recordingServer(body: #"{"status":"success","data":[]}"#, into: received)
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: server.url, client: client)
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await api.series(match: [#"up{job=~"vllm|tgi"}"#], start: start, end: start + 60)
        _ = try await api.labelValues("deployment", match: ["up"])
        await #expect(throws: PrometheusError.self) {
            // A list is not a query result: the decoder says so.
            _ = try await api.queryRange("up", start: start, end: start + 60, step: 15)
        }
        let requests = received.all
        #expect(requests.count == 3)
        #expect(requests[0].head.hasPrefix("POST /api/v1/series "))
        #expect(
            requests[0].body == "match%5B%5D=up%7Bjob%3D%7E%22vllm%7Ctgi%22%7D&start=1700000000.000&end=1700000060.000"
        )
        #expect(requests[1].head.hasPrefix("GET /api/v1/label/deployment/values?match%5B%5D=up "))
        #expect(requests[2].head.hasPrefix("POST /api/v1/query_range "))
        #expect(requests[2].body == "query=up&start=1700000000.000&end=1700000060.000&step=15&timeout=10")
    }

    @Test func anUnreachableURLIsNamed() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        try await LoopbackServer.withRefusingPort { port in
            let api = PrometheusAPI(url: "http://user:pw@127.0.0.1:\(port)", client: client, timeout: 5)
            let error = try #require(await failure { () throws(PrometheusError) in try await api.query("up") })
            #expect(error.kind == .unreachable)
            #expect(error.url == "http://<redacted>@127.0.0.1:\(port)/api/v1/query")
            #expect(
                error.message.hasPrefix("Cannot reach Prometheus at http://<redacted>@127.0.0.1:\(port)/api/v1/query")
            )
            #expect(!error.message.contains("pw"))
        }
    }

    /// A tick's answers arrive in any order: the first query's comes last here, yet every outcome
    /// stays at its query's position, and `reading` is told that position.
    @Test func answersKeepTheirQueriesPositionsWhicheverArrivesFirst() async throws {
        let arrived = Mutex<[String]>([])
        let server = try LoopbackServer { connection in
            guard let request = connection.readRequest() else { return }
            let names = ["first", "second", "third"]
            guard let index = names.firstIndex(where: { request.body.contains("query=\($0)&") }) else { return }
            if index == 0 { Thread.sleep(forTimeInterval: 0.4) }
            arrived.withLock { $0.append(names[index]) }
            let body =
                #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,""#
                + "\(index + 1)" + #""]}]}}"#
            connection.write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(body)"
            )
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: server.url, client: client, timeout: 5)
        let results = await api.queries(["first", "second", "third"]) { position, response in
            (position, response.value.instantSeries.first?.sample.value)
        }
        #expect(arrived.withLock { $0.last } == "first", "the first query's answer came last")
        #expect(try results.map { try $0.get().0 } == [0, 1, 2])
        #expect(try results.map { try $0.get().1 } == [1, 2, 3])
    }

    @Test func aSilentServerTimesOut() async throws {
        let server = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerToClose()
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: server.url, client: client, timeout: 0.5)
        let error = try #require(await failure { () throws(PrometheusError) in try await api.query("up") })
        #expect(error.kind == .timeout)
        #expect(error.message.contains("did not answer to `up` within 1.5 s"))
    }

    @Test func anHTMLPageOverTheWireIsNotJSON() async throws {
        let received = RequestLog()
        let server = try recordingServer(
            contentType: "text/html",
            body: "<html><head><title>Grafana</title></head></html>",
            into: received
        )
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: server.url, client: client)
        let results = await api.queries(["up", "sum(up)"])
        #expect(results.count == 2)
        for result in results {
            #expect(throws: PrometheusError.self) { try result.get() }
            if case .failure(let error) = result {
                #expect(error.kind == PrometheusError.Kind.notJSON)
                #expect(error.message.contains("HTML page titled \"Grafana\""))
            }
        }
    }

    @Test func aRangeOverTooManyPointsIsRefusedBeforeSending() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        try await LoopbackServer.withRefusingPort { port in
            // Sending would fail as unreachable; the refusal must come first.
            let api = PrometheusAPI(url: "http://127.0.0.1:\(port)", client: client)
            let end = Date(timeIntervalSince1970: 1_700_000_000)
            let tooMany = try #require(await rangeFailure(api, from: end - 7 * 86_400, to: end, step: 15))
            #expect(tooMany.kind == .tooManyPoints)
            #expect(tooMany.message.hasPrefix("Not sent to Prometheus"))
            #expect(tooMany.message.contains("over 7 d at a step of 15 s would return 40320 points per series"))
            #expect(tooMany.message.contains("Use a step of at least 55 s."))
            let reversed = await rangeFailure(api, from: end, to: end - 1, step: 15)
            #expect(reversed?.kind == .invalidRequest)
            let zeroStep = await rangeFailure(api, from: end - 60, to: end, step: 0)
            #expect(zeroStep?.kind == .invalidRequest)
        }
    }

    @Test func anInvalidLabelNameIsRefused() async {
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = PrometheusAPI(url: "http://127.0.0.1:9", client: client)
        let error = await failure { () throws(PrometheusError) in try await api.labelValues("../admin") }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.url.contains("..") == false)
    }
}
