import Foundation
import HTTP
import Vocabulary

/// A client of Alertmanager's API v2 (`/api/v2/…`; serving-metrics.md §10, `api/v2/openapi.yaml`):
/// the alerts it holds, silences made, listed and expired, and alerts posted to it.
///
/// Every call has a timeout (the transfer's, connect included); every failure is an
/// ``AlertmanagerError`` in a person's words. Times are sent in RFC 3339 UTC to the second.
public struct AlertmanagerAPI: Sendable {
    /// The server's root (or route prefix), without a trailing slash: `http://alertmanager:9093`.
    public var baseURL: String { connection.baseURL }
    /// Seconds a call may take.
    public var timeout: Double { connection.timeout }
    /// Largest answer accepted, in bytes (decoded).
    public var maxResponseBytes: Int { connection.maxResponseBytes }
    private let connection: APIConnection

    /// - Parameters:
    ///   - url: the server's root or route prefix, `http://` or `https://`.
    ///   - client: the libcurl client to send through (shared with whatever else polls).
    ///   - bearerToken: sent as `Authorization: Bearer …`; never printed.
    ///   - timeout: seconds per call; non-positive or non-finite values become 10.
    ///   - maxResponseBytes: larger answers fail with ``AlertmanagerError/Kind/responseTooLarge``.
    public init(
        url: String,
        client: HTTPClient,
        bearerToken: String? = nil,
        timeout: Double = 10,
        maxResponseBytes: Int = 32 << 20
    ) {
        connection = APIConnection(
            url: url,
            client: client,
            bearerToken: bearerToken,
            timeout: timeout,
            maxResponseBytes: maxResponseBytes
        )
    }

    /// The alerts Alertmanager holds and has not resolved (`GET /api/v2/alerts`), silenced and inhibited
    /// ones included unless asked otherwise; `filter` matchers (`alertname="TTFTHigh"`) narrow them.
    public func alerts(
        filter: [String] = [],
        silenced: Bool = true,
        inhibited: Bool = true
    ) async throws(AlertmanagerError) -> [AlertmanagerAlert] {
        let fields =
            [("active", "true"), ("silenced", String(silenced)), ("inhibited", String(inhibited))]
            + filter.map { ("filter", $0) }
        let url = baseURL + "/api/v2/alerts"
        let encoded = FormEncoding.encode(fields.map { (name: $0.0, value: $0.1) })
        return try await perform(request(url + "?" + encoded, "GET"), context(url), AlertmanagerDecoder.alerts)
    }

    /// Every silence Alertmanager keeps (`GET /api/v2/silences`): active, pending, and expired ones until
    /// its retention drops them.
    public func silences() async throws(AlertmanagerError) -> [AlertmanagerSilence] {
        let url = baseURL + "/api/v2/silences"
        return try await perform(request(url, "GET"), context(url), AlertmanagerDecoder.silences)
    }

    /// Creates a silence (`POST /api/v2/silences`) and returns its id.
    ///
    /// Refused before sending, as ``AlertmanagerError/Kind/invalidRequest``, without a matcher, an author
    /// or a comment, or when it would end before it starts: Alertmanager 0.25 takes an empty comment,
    /// and a silence nobody can explain is one nobody dares expire.
    public func createSilence(
        matchers: [AlertmanagerMatcher],
        startsAt: Date,
        endsAt: Date,
        createdBy: String,
        comment: String
    ) async throws(AlertmanagerError) -> String {
        let url = baseURL + "/api/v2/silences"
        let context = context(url)
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        let createdBy = createdBy.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !comment.isEmpty else { throw refusal("a silence needs a comment: say why", context) }
        guard !createdBy.isEmpty else { throw refusal("a silence needs its author (createdBy)", context) }
        guard !matchers.isEmpty else { throw refusal("a silence needs at least one matcher", context) }
        if let bad = matchers.first(where: { !LabelName.isValid($0.name) }) {
            throw refusal("\"\(TextSanitizer.sanitize(bad.name))\" is not a label name", context)
        }
        guard endsAt > startsAt else { throw refusal("the silence ends before it starts", context) }
        let body = JSONValue.object([
            "matchers": .array(
                matchers.map {
                    .object([
                        "name": .string($0.name), "value": .string($0.value), "isRegex": .bool($0.isRegex),
                        "isEqual": .bool($0.isEqual),
                    ])
                }
            ),
            "startsAt": .string(Self.timeText(startsAt)),
            "endsAt": .string(Self.timeText(endsAt)),
            "createdBy": .string(createdBy),
            "comment": .string(comment),
        ])
        return try await perform(post(url, body), context, AlertmanagerDecoder.silenceID)
    }

    /// Expires a silence now (`DELETE /api/v2/silence/{id}`); expiring an expired one succeeds.
    public func expireSilence(id: String) async throws(AlertmanagerError) {
        let context = context(baseURL + "/api/v2/silence/" + FormEncoding.escape(id))
        let isUUIDLike = !id.isEmpty && id.utf8.allSatisfy { $0 == UInt8(ascii: "-") || isHexDigit($0) }
        guard isUUIDLike else {
            throw refusal("\"\(TextSanitizer.sanitize(id))\" is not a silence id (a UUID)", context)
        }
        try await perform(request(context.url, "DELETE"), context, AlertmanagerDecoder.accepted)
    }

    /// Posts alerts (`POST /api/v2/alerts`): new ones start firing, known ones are updated, and one with
    /// `endsAt` in the past resolves.
    public func postAlerts(_ alerts: [AlertmanagerPostableAlert]) async throws(AlertmanagerError) {
        let url = baseURL + "/api/v2/alerts"
        if alerts.isEmpty { return }
        if alerts.contains(where: { $0.labels.isEmpty }) {
            throw refusal("an alert needs at least one label", context(url))
        }
        let body = JSONValue.array(
            alerts.map { alert in
                var fields: [String: JSONValue] = [
                    "labels": .object(alert.labels.mapValues { .string($0) }),
                    "annotations": .object(alert.annotations.mapValues { .string($0) }),
                ]
                if let startsAt = alert.startsAt { fields["startsAt"] = .string(Self.timeText(startsAt)) }
                if let endsAt = alert.endsAt { fields["endsAt"] = .string(Self.timeText(endsAt)) }
                if let generatorURL = alert.generatorURL { fields["generatorURL"] = .string(generatorURL) }
                return .object(fields)
            }
        )
        try await perform(post(url, body), context(url), AlertmanagerDecoder.accepted)
    }

    /// RFC 3339 in UTC to the second, as Alertmanager reads it: `2026-01-01T00:10:00Z`.
    static func timeText(_ date: Date) -> String {
        UTCTime.iso8601(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    // MARK: - Requests

    private func context(_ url: String) -> RequestContext { RequestContext(url: connection.redacted(url), query: nil) }

    private func post(_ url: String, _ body: JSONValue) -> HTTPRequest {
        var request = request(url, "POST")
        request.headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
        request.body = Array(body.text.utf8)
        return request
    }

    private func request(_ url: String, _ method: String) -> HTTPRequest {
        connection.request(url, method, transferTimeout: timeout)
    }

    private func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    // MARK: - Answers

    private func perform<Value>(
        _ request: HTTPRequest,
        _ context: RequestContext,
        _ decoder: (HTTPResponse, RequestContext) throws(AlertmanagerError) -> Value
    ) async throws(AlertmanagerError) -> Value {
        switch await connection.client.send(request) {
        case .success(let response):
            return try decoder(response, context)
        case .failure(let error):
            throw transportError(error, context)
        }
    }

    /// A failure of the transfer itself, in the words of the source.
    private func transportError(_ error: HTTPError, _ context: RequestContext) -> AlertmanagerError {
        switch error.kind {
        case .timeout:
            return AlertmanagerError(
                kind: .timeout,
                message: "Alertmanager at \(context.url) did not answer within "
                    + "\(APIConnection.durationText(timeout)). Check that it is not overloaded, or raise the "
                    + "source's timeout.",
                url: context.url
            )
        case .tooLarge:
            return AlertmanagerError(
                kind: .responseTooLarge,
                message: "Alertmanager at \(context.url) answered with more than \(maxResponseBytes >> 20) MiB; "
                    + "narrow what is asked (a filter) or raise the source's response limit.",
                url: context.url
            )
        case .invalidURL:
            return refusal("the URL cannot be used (\(error.message))", context)
        case .connect, .tls, .other:
            return AlertmanagerError(
                kind: .unreachable,
                message: "Cannot reach Alertmanager at \(context.url): \(error.message). Check the source's url "
                    + "and that Alertmanager is running and reachable from this host.",
                url: context.url
            )
        }
    }

    private func refusal(_ reason: String, _ context: RequestContext) -> AlertmanagerError {
        AlertmanagerError(
            kind: .invalidRequest,
            message: "Not sent to Alertmanager at \(context.url): \(reason).",
            url: context.url
        )
    }

}

extension AlertmanagerAPI: CustomStringConvertible, CustomReflectable {
    /// The URL and settings, the token as `<redacted>`.
    public var description: String {
        connection.description(of: "AlertmanagerAPI")
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description])
    }
}
