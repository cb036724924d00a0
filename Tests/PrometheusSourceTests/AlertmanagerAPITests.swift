import Foundation
import HTTP
import TestSupport
import Testing

@testable import PrometheusSource

/// The Alertmanager client against loopback peers: what goes on the wire, how answers decode and how
/// failures are worded.
struct AlertmanagerAPITests {
    typealias RequestLog = PrometheusAPITests.RequestLog

    /// A peer that records each request and answers with what `answer` gives for its request line
    /// (`GET /api/v2/alerts?…`).
    func peer(
        into received: RequestLog,
        answer: @escaping @Sendable (String) -> (status: Int, body: String)
    ) throws -> LoopbackServer {
        try LoopbackServer { connection in
            guard let (head, body) = connection.readRequest() else { return }
            received.append(.init(head: head, body: body))
            let line = String(head.prefix { $0 != "\r" })
            let (status, reply) = answer(line)
            connection.write(
                "HTTP/1.1 \(status) Status\r\nContent-Type: application/json\r\nContent-Length: \(reply.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(reply)"
            )
        }
    }

    /// The error a call ends with; nil (and a recorded issue) when it succeeded.
    func failure<T>(_ call: () async throws(AlertmanagerError) -> T) async -> AlertmanagerError? {
        do {
            _ = try await call()
            Issue.record("the call succeeded")
            return nil
        } catch {
            return error
        }
    }

    /// The `GET /api/v2/alerts` answer of the shared fixture, with a field newer versions add.
    static let fixtureAlerts: String = {
        guard let data = try? TestPaths.fixture("prometheus_alertmanager_api.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entry = object.first(where: { $0.key.hasPrefix("GET /api/v2/alerts") })?.value as? [String: Any],
            let body = entry["body"], let text = try? JSONSerialization.data(withJSONObject: body)
        else { return "fixture missing" }
        return String(decoding: text, as: UTF8.self)
    }()

    @Test func alertsDecodeEveryFieldAndIgnoreUnknownOnes() async throws {
        let received = RequestLog()
        let server = try peer(into: received) { _ in (200, Self.fixtureAlerts) }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = AlertmanagerAPI(url: server.url + "/am/", client: client, bearerToken: "t0ken")
        let alerts = try await api.alerts(filter: [#"alertname="TTFTHigh""#], silenced: false)
        let alert = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(alert.fingerprint == "a1b2c3d4e5f60718")
        #expect(alert.name == "TTFTHigh")
        #expect(alert.labels["model_name"] == "meta-llama/Llama-3.1-8B-Instruct")
        #expect(alert.annotations["summary"] == "p99 TTFT above 2s for 10m")
        #expect(alert.startsAt == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(alert.updatedAt == Date(timeIntervalSince1970: 1_767_225_900))
        #expect(alert.endsAt == Date(timeIntervalSince1970: 1_767_226_140))
        #expect(alert.generatorURL == "http://prometheus:9090/graph?g0.expr=...")
        #expect(alert.state == "active")
        #expect(alert.silencedBy.isEmpty && alert.inhibitedBy.isEmpty)
        #expect(alert.receivers == ["oncall-pager"])
        let request = try #require(received.all.first)
        #expect(
            request.head.hasPrefix(
                "GET /am/api/v2/alerts?active=true&silenced=false&inhibited=true&filter=alertname%3D%22TTFTHigh%22 "
            )
        )
        #expect(request.head.contains("Authorization: Bearer t0ken\r\n"))
        #expect(!api.description.contains("t0ken"))
    }

    @Test func aSilenceIsPostedAsJSONAndItsIDReturned() async throws {
        let received = RequestLog()
        let server = try peer(into: received) { _ in (200, #"{"silenceID":"7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b"}"#) }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = AlertmanagerAPI(url: server.url, client: client)
        let start = Date(timeIntervalSince1970: 1_767_226_200)
        let id = try await api.createSilence(
            matchers: AlertmanagerMatcher.matching(["alertname": "TTFTHigh", "model_name": "a \"quoted\" name"]),
            startsAt: start,
            endsAt: start + 7_200,
            createdBy: "alice",
            comment: "  rollback in progress "
        )
        #expect(id == "7d2f3a9e-2b1c-4f8a-9f4d-0d6b8e1c2a3b")
        let request = try #require(received.all.first)
        #expect(request.head.hasPrefix("POST /api/v2/silences HTTP/1.1\r\n"))
        #expect(request.head.contains("Content-Type: application/json\r\n"))
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
        )
        #expect(body["startsAt"] as? String == "2026-01-01T00:10:00Z")
        #expect(body["endsAt"] as? String == "2026-01-01T02:10:00Z")
        #expect(body["createdBy"] as? String == "alice")
        #expect(body["comment"] as? String == "rollback in progress")
        let matchers = try #require(body["matchers"] as? [[String: Any]])
        #expect(matchers.map { $0["name"] as? String } == ["alertname", "model_name"])
        #expect(matchers[1]["value"] as? String == "a \"quoted\" name")
        #expect(matchers.allSatisfy { $0["isRegex"] as? Bool == false && $0["isEqual"] as? Bool == true })
    }

    @Test func aSilenceWithoutCommentMatcherOrOrderIsRefusedBeforeSending() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        try await LoopbackServer.withRefusingPort { port in
            // Sending would fail as unreachable: each refusal must come first.
            let api = AlertmanagerAPI(url: "http://127.0.0.1:\(port)", client: client)
            let now = Date()
            let matchers = [AlertmanagerMatcher(name: "alertname", value: "X")]
            let noComment = await failure { () throws(AlertmanagerError) in
                try await api.createSilence(
                    matchers: matchers,
                    startsAt: now,
                    endsAt: now + 60,
                    createdBy: "a",
                    comment: " \n"
                )
            }
            #expect(noComment?.kind == .invalidRequest)
            #expect(noComment?.message.hasSuffix("a silence needs a comment: say why.") == true)
            let noMatcher = await failure { () throws(AlertmanagerError) in
                try await api.createSilence(matchers: [], startsAt: now, endsAt: now + 60, createdBy: "a", comment: "c")
            }
            #expect(noMatcher?.kind == .invalidRequest)
            let backwards = await failure { () throws(AlertmanagerError) in
                try await api.createSilence(
                    matchers: matchers,
                    startsAt: now,
                    endsAt: now - 1,
                    createdBy: "a",
                    comment: "c"
                )
            }
            #expect(backwards?.message.contains("ends before it starts") == true)
            let badID = await failure { () throws(AlertmanagerError) in try await api.expireSilence(id: "../status") }
            #expect(badID?.kind == .invalidRequest)
        }
    }

    @Test func silencesListAndExpireUseTheirEndpoints() async throws {
        let received = RequestLog()
        let listing = """
            [{"id":"bd5fe424-e181-493a-b325-a0aa7d212014","status":{"state":"active"},
              "updatedAt":"2026-12-07T14:26:33.661Z","comment":"deploying","createdBy":"bob",
              "endsAt":"2026-12-07T18:00:00.000Z","startsAt":"2026-12-07T14:26:33.661Z",
              "matchers":[{"isEqual":false,"isRegex":true,"name":"job","value":"vllm.*"}]}]
            """
        let server = try peer(into: received) { line in line.hasPrefix("GET") ? (200, listing) : (200, "") }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = AlertmanagerAPI(url: server.url, client: client)
        let silences = try await api.silences()
        let silence = try #require(silences.first)
        #expect(silence.id == "bd5fe424-e181-493a-b325-a0aa7d212014")
        #expect(silence.createdBy == "bob" && silence.comment == "deploying" && silence.state == "active")
        #expect(silence.matchers.map(\.text) == [#"job!~"vllm.*""#])
        #expect(silence.endsAt == Date(timeIntervalSince1970: 1_796_666_400))
        try await api.expireSilence(id: silence.id)
        try await api.postAlerts([
            AlertmanagerPostableAlert(
                labels: ["alertname": "p95_latency", "source": "llmdeck"],
                annotations: ["summary": "p95 2.9 s > 2 s"],
                startsAt: Date(timeIntervalSince1970: 1_767_225_600),
                endsAt: Date(timeIntervalSince1970: 1_767_225_645)
            )
        ])
        let requests = received.all
        #expect(requests.count == 3)
        #expect(requests[0].head.hasPrefix("GET /api/v2/silences "))
        #expect(requests[1].head.hasPrefix("DELETE /api/v2/silence/bd5fe424-e181-493a-b325-a0aa7d212014 "))
        #expect(requests[2].head.hasPrefix("POST /api/v2/alerts "))
        #expect(
            requests[2].body
                == #"[{"annotations":{"summary":"p95 2.9 s > 2 s"},"endsAt":"2026-01-01T00:00:45Z","#
                + #""labels":{"alertname":"p95_latency","source":"llmdeck"},"startsAt":"2026-01-01T00:00:00Z"}]"#
        )
    }

    @Test func alertmanagersErrorBodiesAreQuotedWithWhatToDo() async throws {
        let received = RequestLog()
        let server = try peer(into: received) { line in
            if line.hasPrefix("DELETE") { return (500, #""silence not found""#) }
            if line.hasPrefix("POST /api/v2/silences") {
                return (400, #""Failed to create silence: start time must be before end time""#)
            }
            if line.hasPrefix("POST") { return (422, #"{"code":612,"message":"labels in body is required"}"#) }
            return (200, #"{"status":"success","data":[]}"#)
        }
        defer { server.stop() }
        let client = HTTPClient()
        defer { client.shutdown() }
        let api = AlertmanagerAPI(url: server.url, client: client)
        let missing = await failure { () throws(AlertmanagerError) in
            try await api.expireSilence(id: "4c605e9c-2b76-4883-b13e-4df586f7cfd9")
        }
        #expect(missing?.kind == .notFound)
        #expect(missing?.message.contains(#"answered HTTP 500: "silence not found". It may have been deleted"#) == true)
        let rejected = await failure { () throws(AlertmanagerError) in
            try await api.createSilence(
                matchers: [AlertmanagerMatcher(name: "a", value: "b")],
                startsAt: Date(),
                endsAt: Date() + 60,
                createdBy: "a",
                comment: "c"
            )
        }
        #expect(rejected?.kind == .rejected)
        #expect(rejected?.serverMessage == "Failed to create silence: start time must be before end time")
        let invalid = await failure { () throws(AlertmanagerError) in
            try await api.postAlerts([AlertmanagerPostableAlert(labels: ["a": "b"])])
        }
        #expect(invalid?.kind == .rejected)
        #expect(invalid?.message.contains("labels in body is required") == true)
        let prometheus = await failure { () throws(AlertmanagerError) in try await api.alerts() }
        #expect(prometheus?.kind == .malformedResponse)
        #expect(prometheus?.message.contains("not a list of alerts. Is the URL an Alertmanager") == true)
    }

    @Test func anUnreachableOrSilentAlertmanagerIsNamed() async throws {
        let client = HTTPClient()
        defer { client.shutdown() }
        try await LoopbackServer.withRefusingPort { port in
            let api = AlertmanagerAPI(url: "http://user:pw@127.0.0.1:\(port)", client: client, timeout: 5)
            let error = try #require(await failure { () throws(AlertmanagerError) in try await api.alerts() })
            #expect(error.kind == .unreachable)
            #expect(error.message.hasPrefix("Cannot reach Alertmanager at http://<redacted>@127.0.0.1:\(port)/api/v2"))
            #expect(!error.message.contains("pw"))
        }
        let silent = try LoopbackServer { connection in
            _ = connection.readRequestHead()
            connection.waitForPeerToClose()
        }
        defer { silent.stop() }
        let api = AlertmanagerAPI(url: silent.url, client: client, timeout: 0.5)
        let error = await failure { () throws(AlertmanagerError) in try await api.silences() }
        #expect(error?.kind == .timeout)
    }
}
