import Foundation
import Vocabulary

/// Where a call went and what it asked, for the words of its errors.
struct RequestContext: Sendable {
    /// The endpoint, credentials removed.
    var url: String
    /// The PromQL sent, if any.
    var query: String?
}

/// Reads the query API's envelope and its `data`, exactly as `web/api/v1/api.go` writes them
/// (serving-metrics.md §9): `{"status":"success"|"error","data":…,"errorType","error","warnings","infos"}`.
///
/// Foundation's `JSONSerialization` and hand walking: the answers llmdeck asks for are aggregated (a row
/// per deployment), so the decoder is never the cost of a tick.
enum ResponseDecoder {
    /// The envelope's `data` and notes; every failure as a ``PrometheusError`` in a person's words.
    static func envelope(
        status: Int,
        contentType: String?,
        body: [UInt8],
        context: RequestContext
    ) throws(PrometheusError) -> (data: Any?, warnings: [String], infos: [String]) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            throw notJSON(status: status, contentType: contentType, body: body, context: context)
        }
        guard let object = json as? [String: Any], let outcome = object["status"] as? String else {
            if !(200..<300).contains(status) {
                throw PrometheusError(
                    kind: .httpStatus,
                    message: "Prometheus at \(context.url) answered HTTP \(status) with JSON that is not a query API "
                        + "answer: \(excerpt(body))\(statusHint(status))",
                    url: context.url,
                    query: context.query,
                    status: status
                )
            }
            throw malformed("the JSON has no \"status\" field", context, status: status)
        }
        let warnings = object["warnings"] as? [String] ?? []
        let infos = object["infos"] as? [String] ?? []
        switch outcome {
        case "success":
            return (object["data"], warnings, infos)
        case "error":
            throw apiError(
                errorType: object["errorType"] as? String,
                serverMessage: object["error"] as? String ?? "no message",
                status: status,
                context: context
            )
        default:
            throw malformed(
                "\"status\" is \"\(sanitized(outcome))\", neither success nor error",
                context,
                status: status
            )
        }
    }

    /// An instant or range query answer.
    static func queryResult(
        status: Int,
        contentType: String?,
        body: [UInt8],
        context: RequestContext
    ) throws(PrometheusError) -> PrometheusResponse<QueryResult> {
        // The common answer (a fleet's rows, no warnings) without a Foundation object per value.
        if (200..<300).contains(status), let series = VectorScanner.vector(body) {
            return PrometheusResponse(value: .vector(series))
        }
        let (data, warnings, infos) = try envelope(
            status: status,
            contentType: contentType,
            body: body,
            context: context
        )
        guard let data = data as? [String: Any], let resultType = data["resultType"] as? String else {
            throw malformed("\"data\" has no \"resultType\"", context, status: status)
        }
        let result = data["result"]
        var skipped = 0
        let value: QueryResult
        switch resultType {
        case "vector":
            guard let items = result as? [Any] else { throw malformed("a vector without a result list", context) }
            var series: [InstantSeries] = []
            series.reserveCapacity(items.count)
            for item in items {
                guard let item = item as? [String: Any], let labels = labelSet(item["metric"]) else {
                    throw malformed("a vector element without \"metric\" labels", context)
                }
                if item["value"] == nil, item["histogram"] != nil {
                    skipped += 1
                    continue
                }
                guard let sample = sample(item["value"]) else {
                    throw malformed("a vector element without a [time, \"value\"] pair", context)
                }
                series.append(InstantSeries(labels: labels, sample: sample))
            }
            value = .vector(series)
        case "matrix":
            guard let items = result as? [Any] else { throw malformed("a matrix without a result list", context) }
            var series: [RangeSeries] = []
            series.reserveCapacity(items.count)
            for item in items {
                guard let item = item as? [String: Any], let labels = labelSet(item["metric"]) else {
                    throw malformed("a matrix element without \"metric\" labels", context)
                }
                skipped += (item["histograms"] as? [Any])?.count ?? 0
                let pairs = item["values"] as? [Any] ?? []
                if item["values"] == nil, item["histograms"] == nil {
                    throw malformed("a matrix element without \"values\"", context)
                }
                var samples: [PrometheusSample] = []
                samples.reserveCapacity(pairs.count)
                for pair in pairs {
                    guard let sample = sample(pair) else {
                        throw malformed("a matrix value that is not a [time, \"value\"] pair", context)
                    }
                    samples.append(sample)
                }
                if !samples.isEmpty || item["histograms"] == nil {
                    series.append(RangeSeries(labels: labels, samples: samples))
                }
            }
            value = .matrix(series)
        case "scalar":
            guard let sample = sample(result) else {
                throw malformed("a scalar that is not [time, \"value\"]", context)
            }
            value = .scalar(sample)
        case "string":
            guard let pair = result as? [Any], pair.count == 2, let time = number(pair[0]),
                let text = pair[1] as? String
            else { throw malformed("a string result that is not [time, \"text\"]", context) }
            value = .string(timestamp: time, value: text)
        default:
            throw malformed("unknown resultType \"\(sanitized(resultType))\"", context)
        }
        return PrometheusResponse(value: value, warnings: warnings, infos: infos, skippedNativeHistograms: skipped)
    }

    /// A `/api/v1/series` answer: one label set per series.
    static func labelSets(
        status: Int,
        contentType: String?,
        body: [UInt8],
        context: RequestContext
    ) throws(PrometheusError) -> PrometheusResponse<[[String: String]]> {
        let (data, warnings, infos) = try envelope(
            status: status,
            contentType: contentType,
            body: body,
            context: context
        )
        guard let items = data as? [Any] else { throw malformed("\"data\" is not a list of series", context) }
        var sets: [[String: String]] = []
        sets.reserveCapacity(items.count)
        for item in items {
            guard let labels = labelSet(item) else { throw malformed("a series that is not a label object", context) }
            sets.append(labels)
        }
        return PrometheusResponse(value: sets, warnings: warnings, infos: infos)
    }

    /// A `/api/v1/label/<name>/values` answer.
    static func strings(
        status: Int,
        contentType: String?,
        body: [UInt8],
        context: RequestContext
    ) throws(PrometheusError) -> PrometheusResponse<[String]> {
        let (data, warnings, infos) = try envelope(
            status: status,
            contentType: contentType,
            body: body,
            context: context
        )
        guard let values = data as? [String] else { throw malformed("\"data\" is not a list of strings", context) }
        return PrometheusResponse(value: values, warnings: warnings, infos: infos)
    }

    /// A sample value as the API writes it: a decimal string, or `NaN`, `+Inf`, `-Inf`.
    static func sampleValue(_ text: String) -> Double? {
        switch text {
        case "NaN": .nan
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        default: Double(text)
        }
    }

    // MARK: - Pieces

    private static func sample(_ value: Any?) -> PrometheusSample? {
        guard let pair = value as? [Any], pair.count == 2, let time = number(pair[0]), let text = pair[1] as? String,
            let parsed = sampleValue(text)
        else { return nil }
        return PrometheusSample(timestamp: time, value: parsed)
    }

    private static func number(_ value: Any) -> Double? {
        if let value = value as? Double { return value }
        if let value = value as? Int { return Double(value) }
        return (value as? NSNumber)?.doubleValue
    }

    private static func labelSet(_ value: Any?) -> [String: String]? {
        guard let object = value as? [String: Any] else { return nil }
        var labels: [String: String] = [:]
        labels.reserveCapacity(object.count)
        for (name, value) in object {
            guard let text = value as? String else { return nil }
            labels[name] = text
        }
        return labels
    }

    /// The envelope's error in words, by `errorType` (api.go: `bad_data` 400, `execution` 422,
    /// `canceled` 499, `timeout` 503, `internal` 500, `not_found` 404, `not_acceptable` 406).
    private static func apiError(
        errorType: String?,
        serverMessage: String,
        status: Int,
        context: RequestContext
    ) -> PrometheusError {
        let said = sanitized(serverMessage)
        let what = context.query.map { "the query \(quoted($0))" } ?? "the request"
        var error = PrometheusError(
            kind: .httpStatus,
            message: "",
            url: context.url,
            query: context.query,
            status: status,
            errorType: errorType,
            serverMessage: serverMessage
        )
        if serverMessage.contains("exceeded maximum resolution") {
            error.kind = .tooManyPoints
            error.message =
                "Prometheus at \(context.url) refused \(what): \(said). Use a larger step: a range query may "
                + "return at most \(RangeResolution.maximumPointsText) points per series."
        } else if errorType == "bad_data" {
            error.kind = .badData
            error.message =
                "Prometheus at \(context.url) rejected \(what) as bad data: \(said). Check the PromQL "
                + "(metric and label names, brackets, durations) and the time arguments."
        } else if errorType == "timeout" {
            error.kind = .timeout
            error.message =
                "Prometheus at \(context.url) gave up evaluating \(what): \(said). Narrow it (fewer series, a "
                + "shorter range, a larger step) or raise the source's timeout."
        } else {
            let type = errorType.map { " (\(sanitized($0)))" } ?? ""
            error.message =
                "Prometheus at \(context.url) answered HTTP \(status)\(type) to \(what): \(said)\(statusHint(status))"
        }
        return error
    }

    private static func notJSON(
        status: Int,
        contentType: String?,
        body: [UInt8],
        context: RequestContext
    ) -> PrometheusError {
        let type = contentType.map { " (\(sanitized($0)))" } ?? ""
        let what: String
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            what = "an empty body"
        } else if isHTML(contentType: contentType, body: body) {
            let title = htmlTitle(body).map { " titled \"\($0)\"" } ?? ""
            what = "an HTML page\(title)\(type)"
        } else {
            what = "a body that is not JSON\(type): \(excerpt(body))"
        }
        let hint: String
        if (200..<300).contains(status) {
            hint =
                ". Is the URL behind a login page or proxy, or pointing at a web UI rather than the Prometheus "
                + "query API (it answers at <url>/api/v1/query)?"
        } else {
            hint = statusHint(status).isEmpty ? "." : statusHint(status)
        }
        return PrometheusError(
            kind: .notJSON,
            message: "Prometheus at \(context.url) answered HTTP \(status) with \(what), not the query API's JSON"
                + hint,
            url: context.url,
            query: context.query,
            status: status
        )
    }

    private static func malformed(_ detail: String, _ context: RequestContext, status: Int? = nil) -> PrometheusError {
        PrometheusError(
            kind: .malformedResponse,
            message: "Prometheus at \(context.url) answered with JSON that is not a query API answer: \(detail). "
                + "Is the URL a Prometheus-compatible query API?",
            url: context.url,
            query: context.query,
            status: status
        )
    }

    /// What to try for a status, as a sentence starting with ". " (empty when there is nothing to add).
    private static func statusHint(_ status: Int) -> String {
        switch status {
        case 401, 403: ". Check the bearer token (the source's token_env) and its permissions."
        case 404: ". Check the URL: it should be the server's root (or route prefix), without /api/v1."
        case 502, 503, 504: ". A proxy in front of Prometheus may be failing to reach it; retry, then check it."
        default: ""
        }
    }

    static func isHTML(contentType: String?, body: [UInt8]) -> Bool {
        if contentType?.lowercased().contains("html") == true { return true }
        let head = String(decoding: body.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return head.lowercased().hasPrefix("<!doctype html") || head.lowercased().hasPrefix("<html")
    }

    static func htmlTitle(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(16_384), as: UTF8.self)
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
            let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        else { return nil }
        let title = collapsed(String(text[open.upperBound..<close.lowerBound]))
        return title.isEmpty ? nil : String(title.prefix(80))
    }

    /// The first characters of a body, on one line and safe to print.
    static func excerpt(_ body: [UInt8], limit: Int = 120) -> String {
        let text = collapsed(String(decoding: body.prefix(limit * 4), as: UTF8.self))
        return "\"" + (text.count > limit ? String(text.prefix(limit)) + "…" : text) + "\""
    }

    /// A query as it appears in a message: in backquotes, shortened past 200 characters.
    static func quoted(_ query: String) -> String {
        let line = collapsed(query)
        return "`" + (line.count > 200 ? String(line.prefix(200)) + "…" : line) + "`"
    }

    private static func collapsed(_ text: String) -> String {
        sanitized(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    private static func sanitized(_ text: String) -> String { TextSanitizer.sanitize(text) }
}
