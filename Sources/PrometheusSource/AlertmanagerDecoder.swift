import Config
import Foundation
import HTTP
import Vocabulary

/// Reads Alertmanager's v2 answers (serving-metrics.md §10, `api/v2/openapi.yaml`): bare JSON arrays
/// and objects, no envelope; errors as a JSON string (`"silence not found"`) or go-swagger's
/// `{"code":…,"message":…}`.
///
/// Foundation's `JSONSerialization` and hand walking, as ``ResponseDecoder`` does: unknown fields are
/// ignored, and fields added or dropped by other versions are optional.
enum AlertmanagerDecoder {
    /// The alerts of a `GET /api/v2/alerts` answer.
    static func alerts(
        _ answer: HTTPResponse,
        _ context: RequestContext
    ) throws(AlertmanagerError) -> [AlertmanagerAlert] {
        guard let items = try json(answer, context) as? [Any] else {
            throw malformed("the answer is not a list of alerts", context, answer.status)
        }
        var alerts: [AlertmanagerAlert] = []
        alerts.reserveCapacity(items.count)
        for item in items {
            guard let item = item as? [String: Any], let labels = strings(item["labels"]),
                let fingerprint = item["fingerprint"] as? String
            else { throw malformed("an alert without \"labels\" or \"fingerprint\"", context, answer.status) }
            let status = item["status"] as? [String: Any] ?? [:]
            alerts.append(
                AlertmanagerAlert(
                    fingerprint: fingerprint,
                    labels: labels,
                    annotations: strings(item["annotations"]) ?? [:],
                    startsAt: time(item["startsAt"]),
                    endsAt: time(item["endsAt"]),
                    updatedAt: time(item["updatedAt"]),
                    generatorURL: (item["generatorURL"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                    state: status["state"] as? String ?? "active",
                    silencedBy: status["silencedBy"] as? [String] ?? [],
                    inhibitedBy: status["inhibitedBy"] as? [String] ?? [],
                    receivers: (item["receivers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                )
            )
        }
        return alerts
    }

    /// The silences of a `GET /api/v2/silences` answer.
    static func silences(
        _ answer: HTTPResponse,
        _ context: RequestContext
    ) throws(AlertmanagerError) -> [AlertmanagerSilence] {
        guard let items = try json(answer, context) as? [Any] else {
            throw malformed("the answer is not a list of silences", context, answer.status)
        }
        var silences: [AlertmanagerSilence] = []
        for item in items {
            guard let item = item as? [String: Any], let id = item["id"] as? String,
                let startsAt = time(item["startsAt"]), let endsAt = time(item["endsAt"]),
                let matchers = item["matchers"] as? [Any]
            else {
                throw malformed("a silence without \"id\", \"matchers\", \"startsAt\" or \"endsAt\"", context, nil)
            }
            var parsed: [AlertmanagerMatcher] = []
            for matcher in matchers {
                guard let matcher = matcher as? [String: Any], let name = matcher["name"] as? String,
                    let value = matcher["value"] as? String
                else { throw malformed("a silence matcher without \"name\" or \"value\"", context, nil) }
                parsed.append(
                    AlertmanagerMatcher(
                        name: name,
                        value: value,
                        isRegex: matcher["isRegex"] as? Bool ?? false,
                        isEqual: matcher["isEqual"] as? Bool ?? true
                    )
                )
            }
            silences.append(
                AlertmanagerSilence(
                    id: id,
                    matchers: parsed,
                    startsAt: startsAt,
                    endsAt: endsAt,
                    updatedAt: time(item["updatedAt"]),
                    createdBy: item["createdBy"] as? String ?? "",
                    comment: item["comment"] as? String ?? "",
                    state: (item["status"] as? [String: Any])?["state"] as? String ?? "active"
                )
            )
        }
        return silences
    }

    /// The id of a `POST /api/v2/silences` answer: `{"silenceID":"…"}`.
    static func silenceID(_ answer: HTTPResponse, _ context: RequestContext) throws(AlertmanagerError) -> String {
        guard let object = try json(answer, context) as? [String: Any], let id = object["silenceID"] as? String,
            !id.isEmpty
        else { throw malformed("the answer has no \"silenceID\"", context, answer.status) }
        return id
    }

    /// Nothing to read but the status (`DELETE /api/v2/silence/…`, `POST /api/v2/alerts`).
    static func accepted(_ answer: HTTPResponse, _ context: RequestContext) throws(AlertmanagerError) {
        try checkStatus(answer, context)
    }

    /// Milliseconds since the Unix epoch of an RFC 3339 time as Alertmanager writes it
    /// (`2026-01-01T00:05:00.000Z`) as a `Date`; nil for anything else.
    static func time(_ value: Any?) -> Date? {
        guard let text = value as? String, let milliseconds = parseTimestamp(text) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    // MARK: - Pieces

    private static func json(_ answer: HTTPResponse, _ context: RequestContext) throws(AlertmanagerError) -> Any {
        try checkStatus(answer, context)
        guard let json = try? JSONSerialization.jsonObject(with: Data(answer.body), options: [.fragmentsAllowed])
        else { throw notJSON(answer, context) }
        return json
    }

    private static func strings(_ value: Any?) -> [String: String]? {
        guard let object = value as? [String: Any] else { return nil }
        var strings: [String: String] = [:]
        for (name, value) in object {
            guard let text = value as? String else { return nil }
            strings[name] = text
        }
        return strings
    }

    /// Passes 2xx; turns any other status into an error with Alertmanager's words and what to try.
    private static func checkStatus(_ answer: HTTPResponse, _ context: RequestContext) throws(AlertmanagerError) {
        guard !(200..<300).contains(answer.status) else { return }
        let json = try? JSONSerialization.jsonObject(with: Data(answer.body), options: [.fragmentsAllowed])
        let said: String? = (json as? String) ?? ((json as? [String: Any])?["message"] as? String)
        guard let said else {
            if json == nil, !answer.body.isEmpty { throw notJSON(answer, context) }
            throw AlertmanagerError(
                kind: answer.status == 404 ? .notFound : .httpStatus,
                message: "Alertmanager at \(context.url) answered HTTP \(answer.status)\(hint(answer.status))",
                url: context.url,
                status: answer.status
            )
        }
        let words = ResponseDecoder.excerpt(Array(said.utf8), limit: 300)
        let kind: AlertmanagerError.Kind =
            switch answer.status {
            case 400, 422: .rejected
            case 404: .notFound
            case 500 where said.lowercased().contains("not found"): .notFound
            default: .httpStatus
            }
        let advice =
            switch kind {
            case .rejected: ". Check the matchers, times and comment sent."
            case .notFound: ". It may have been deleted, or the id belongs to another Alertmanager."
            default: hint(answer.status)
            }
        throw AlertmanagerError(
            kind: kind,
            message: "Alertmanager at \(context.url) answered HTTP \(answer.status): \(words)\(advice)",
            url: context.url,
            status: answer.status,
            serverMessage: said
        )
    }

    private static func notJSON(_ answer: HTTPResponse, _ context: RequestContext) -> AlertmanagerError {
        let type = answer.header("Content-Type").map { " (\(TextSanitizer.sanitize($0)))" } ?? ""
        let what: String
        if ResponseDecoder.isHTML(contentType: answer.header("Content-Type"), body: answer.body) {
            what = "an HTML page" + (ResponseDecoder.htmlTitle(answer.body).map { " titled \"\($0)\"" } ?? "") + type
        } else {
            what = "a body that is not JSON\(type): \(ResponseDecoder.excerpt(answer.body))"
        }
        let advice =
            (200..<300).contains(answer.status)
            ? ". Is the URL behind a login page or proxy, or not an Alertmanager (its API answers at <url>/api/v2/)?"
            : hint(answer.status)
        return AlertmanagerError(
            kind: .notJSON,
            message: "Alertmanager at \(context.url) answered HTTP \(answer.status) with \(what)" + advice,
            url: context.url,
            status: answer.status
        )
    }

    private static func malformed(_ detail: String, _ context: RequestContext, _ status: Int?) -> AlertmanagerError {
        AlertmanagerError(
            kind: .malformedResponse,
            message: "Alertmanager at \(context.url) answered with JSON that is not an Alertmanager v2 answer: "
                + "\(detail). Is the URL an Alertmanager (0.16 or later)?",
            url: context.url,
            status: status
        )
    }

    /// What to try for a status, as a sentence starting with ". " (a full stop when there is nothing to add).
    private static func hint(_ status: Int) -> String {
        switch status {
        case 401, 403: ". Check the bearer token (the source's token_env) and its permissions."
        case 404: ". Check the URL: it should be the server's root (or route prefix), without /api/v2."
        case 502, 503, 504: ". A proxy in front of Alertmanager may be failing to reach it; retry, then check it."
        default: "."
        }
    }
}
