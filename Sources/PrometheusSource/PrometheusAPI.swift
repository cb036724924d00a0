import Foundation
import HTTP

/// A client of the Prometheus HTTP query API (`/api/v1/…`), also spoken by Thanos, Mimir and
/// VictoriaMetrics; serving-metrics.md §9 and Prometheus' `docs/querying/api.md`.
///
/// Queries go as `POST` with a form body, so the long `or`-joined PromQL of a fleet fits whatever a
/// proxy allows in a URL. Each call has a timeout: Prometheus is told it (its `timeout` parameter), and
/// the HTTP transfer gets one second more, so a slow evaluation comes back as Prometheus' own timeout
/// error rather than a cut connection. Every failure is a ``PrometheusError`` in a person's words.
public struct PrometheusAPI: Sendable {
    /// The server's root (or route prefix), without a trailing slash: `http://prometheus:9090`.
    public var baseURL: String { connection.baseURL }
    /// Seconds Prometheus may spend on a call.
    public var timeout: Double { connection.timeout }
    /// Largest answer accepted, in bytes (decoded).
    public var maxResponseBytes: Int { connection.maxResponseBytes }
    private let connection: APIConnection

    /// - Parameters:
    ///   - url: the server's root or route prefix, `http://` or `https://`.
    ///   - client: the libcurl client to send through (shared with whatever else polls).
    ///   - bearerToken: sent as `Authorization: Bearer …`; never printed.
    ///   - timeout: seconds per call; non-positive or non-finite values become 10.
    ///   - maxResponseBytes: larger answers fail with ``PrometheusError/Kind/responseTooLarge``.
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

    /// An instant query (`/api/v1/query`) evaluated at `time`, or at Prometheus' now when nil.
    public func query(
        _ promql: String,
        at time: Date? = nil
    ) async throws(PrometheusError) -> QueryResponse {
        let (request, context) = try queryRequest(promql, at: time)
        return try await perform(request, context, ResponseDecoder.queryResult)
    }

    /// Several instant queries sent at once (a tick's figures); outcomes in the order of `promqls`.
    public func queries(
        _ promqls: [String],
        at time: Date? = nil
    ) async -> [Result<QueryResponse, PrometheusError>] {
        await queries(promqls, at: time) { _, response in response }
    }

    /// Several instant queries sent at once, each answer decoded and passed to `reading` (with its
    /// position in `promqls`) as soon as it arrives, in a task of its own: the answers that came
    /// first are read while Prometheus still evaluates the others, and two large answers are read
    /// on two cores. Outcomes in the order of `promqls`.
    public func queries<Value: Sendable>(
        _ promqls: [String],
        at time: Date? = nil,
        reading: @escaping @Sendable (Int, QueryResponse) -> Value
    ) async -> [Result<Value, PrometheusError>] {
        var results = [Result<Value, PrometheusError>?](repeating: nil, count: promqls.count)
        await withTaskGroup(of: (Int, Result<Value, PrometheusError>).self) { group in
            for (position, promql) in promqls.enumerated() {
                group.addTask {
                    do throws(PrometheusError) {
                        return (position, .success(reading(position, try await query(promql, at: time))))
                    } catch {
                        return (position, .failure(error))
                    }
                }
            }
            for await (position, result) in group { results[position] = result }
        }
        return results.compactMap { $0 }  // every task gave one
    }

    /// A range query (`/api/v1/query_range`) from `start` to `end` inclusive, every `step` seconds.
    ///
    /// Refused before sending, as ``PrometheusError/Kind/tooManyPoints``, when Prometheus would refuse it
    /// for returning more than 11,000 points per series; the message names the smallest step that fits
    /// (``RangeResolution/smallestStep(start:end:)``).
    public func queryRange(
        _ promql: String,
        start: Date,
        end: Date,
        step: Double
    ) async throws(PrometheusError) -> QueryResponse {
        let url = baseURL + "/api/v1/query_range"
        let context = RequestContext(url: connection.redacted(url), query: promql)
        try checkTime(start, context)
        try checkTime(end, context)
        guard step > 0, step.isFinite, step <= 31_536_000 else {
            throw refusal(.invalidRequest, "the step must be a positive number of seconds, got \(step)", context)
        }
        guard end >= start else {
            throw refusal(.invalidRequest, "the range ends before it starts", context)
        }
        if RangeResolution.exceedsLimit(start: start, end: end, step: step) {
            let smallest = RangeResolution.smallestStep(start: start, end: end)
            let points = Int((end.timeIntervalSince(start) / step).rounded(.down))
            throw PrometheusError(
                kind: .tooManyPoints,
                message: "Not sent to Prometheus at \(context.url): the range query \(ResponseDecoder.quoted(promql)) "
                    + "over \(APIConnection.durationText(end.timeIntervalSince(start))) at a step of "
                    + "\(APIConnection.durationText(step)) would return \(points) points per series, more than Prometheus' "
                    + "limit of \(RangeResolution.maximumPointsText). Use a step of at least "
                    + "\(APIConnection.durationText(smallest)).",
                url: context.url,
                query: promql
            )
        }
        let fields = [
            ("query", promql), ("start", FormEncoding.time(start)), ("end", FormEncoding.time(end)),
            ("step", FormEncoding.seconds(step)), ("timeout", FormEncoding.seconds(timeout)),
        ]
        return try await perform(post(url, fields), context, ResponseDecoder.queryResult)
    }

    /// The label sets of the series matching any of the selectors (`/api/v1/series`), e.g. to discover
    /// the deployments behind `up{job=~"vllm|tgi"}`.
    public func series(
        match selectors: [String],
        start: Date? = nil,
        end: Date? = nil
    ) async throws(PrometheusError) -> PrometheusResponse<[[String: String]]> {
        let url = baseURL + "/api/v1/series"
        let context = RequestContext(url: connection.redacted(url), query: selectors.joined(separator: ", "))
        guard !selectors.isEmpty else {
            throw refusal(.invalidRequest, "a series lookup needs at least one selector", context)
        }
        let fields = try selectors.map { ("match[]", $0) } + timeFields(start, end, context)
        return try await perform(post(url, fields), context, ResponseDecoder.labelSets)
    }

    /// The values a label takes (`/api/v1/label/<name>/values`), optionally only on series matching
    /// the selectors.
    public func labelValues(
        _ label: String,
        match selectors: [String] = [],
        start: Date? = nil,
        end: Date? = nil
    ) async throws(PrometheusError) -> PrometheusResponse<[String]> {
        let url = baseURL + "/api/v1/label/" + label + "/values"
        let context = RequestContext(
            url: connection.redacted(url),
            query: selectors.isEmpty ? nil : selectors.joined(separator: ", ")
        )
        guard LabelName.isValid(label) else {
            throw refusal(
                .invalidRequest,
                "\"\(label)\" is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)",
                RequestContext(url: connection.redacted(baseURL + "/api/v1/label/…/values"), query: context.query)
            )
        }
        let fields = try selectors.map { ("match[]", $0) } + timeFields(start, end, context)
        let encoded = FormEncoding.encode(fields.map { (name: $0.0, value: $0.1) })
        let request = request(url: fields.isEmpty ? url : url + "?" + encoded, method: "GET")
        return try await perform(request, context, ResponseDecoder.strings)
    }

    // MARK: - Requests

    private func queryRequest(_ promql: String, at time: Date?) throws(PrometheusError) -> (HTTPRequest, RequestContext)
    {
        let url = baseURL + "/api/v1/query"
        let context = RequestContext(url: connection.redacted(url), query: promql)
        var fields = [("query", promql), ("timeout", FormEncoding.seconds(timeout))]
        if let time {
            try checkTime(time, context)
            fields.append(("time", FormEncoding.time(time)))
        }
        return (post(url, fields), context)
    }

    private func post(_ url: String, _ fields: [(String, String)]) -> HTTPRequest {
        var request = request(url: url, method: "POST")
        request.headers.append(HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"))
        request.body = Array(FormEncoding.encode(fields.map { (name: $0.0, value: $0.1) }).utf8)
        return request
    }

    /// The transfer gets a second more than Prometheus, so its own timeout error comes back first.
    private func request(url: String, method: String) -> HTTPRequest {
        connection.request(url, method, transferTimeout: timeout + 1)
    }

    private func timeFields(
        _ start: Date?,
        _ end: Date?,
        _ context: RequestContext
    ) throws(PrometheusError) -> [(
        String, String
    )] {
        var fields: [(String, String)] = []
        if let start {
            try checkTime(start, context)
            fields.append(("start", FormEncoding.time(start)))
        }
        if let end {
            try checkTime(end, context)
            fields.append(("end", FormEncoding.time(end)))
        }
        return fields
    }

    /// Times within ±3,000 years of 1970, so their text form cannot overflow.
    private func checkTime(_ time: Date, _ context: RequestContext) throws(PrometheusError) {
        guard abs(time.timeIntervalSince1970) < 1e11 else {
            throw refusal(.invalidRequest, "the time \(time.timeIntervalSince1970) is out of range", context)
        }
    }

    // MARK: - Answers

    private func perform<Value>(
        _ request: HTTPRequest,
        _ context: RequestContext,
        _ decoder: (Int, String?, [UInt8], RequestContext) throws(PrometheusError) -> PrometheusResponse<Value>
    ) async throws(PrometheusError) -> PrometheusResponse<Value> {
        try decode(await connection.client.send(request), context, decoder)
    }

    private func decode<Value>(
        _ outcome: Result<HTTPResponse, HTTPError>,
        _ context: RequestContext,
        _ decoder: (Int, String?, [UInt8], RequestContext) throws(PrometheusError) -> PrometheusResponse<Value>
    ) throws(PrometheusError) -> PrometheusResponse<Value> {
        switch outcome {
        case .success(let response):
            return try decoder(response.status, response.header("Content-Type"), response.body, context)
        case .failure(let error):
            throw transportError(error, context)
        }
    }

    /// A failure of the transfer itself, in the words of the source.
    private func transportError(_ error: HTTPError, _ context: RequestContext) -> PrometheusError {
        let what = context.query.map { " to \(ResponseDecoder.quoted($0))" } ?? ""
        switch error.kind {
        case .timeout:
            return PrometheusError(
                kind: .timeout,
                message: "Prometheus at \(context.url) did not answer\(what) within "
                    + "\(APIConnection.durationText(timeout + 1)). Narrow the query (fewer series, a shorter range, a larger "
                    + "step) or raise the source's timeout; check that Prometheus is not overloaded.",
                url: context.url,
                query: context.query
            )
        case .tooLarge:
            return PrometheusError(
                kind: .responseTooLarge,
                message: "Prometheus at \(context.url) answered\(what) with more than \(maxResponseBytes >> 20) MiB; "
                    + "narrow the query (aggregate, filter, a larger step) or raise the source's response limit.",
                url: context.url,
                query: context.query
            )
        case .invalidURL:
            return refusal(.invalidRequest, "the URL cannot be used (\(error.message))", context)
        case .connect, .tls, .other:
            return PrometheusError(
                kind: .unreachable,
                message: "Cannot reach Prometheus at \(context.url): \(error.message). Check the source's url and "
                    + "that Prometheus is running and reachable from this host.",
                url: context.url,
                query: context.query
            )
        }
    }

    private func refusal(_ kind: PrometheusError.Kind, _ reason: String, _ context: RequestContext) -> PrometheusError {
        let what = context.query.map { " for \(ResponseDecoder.quoted($0))" } ?? ""
        return PrometheusError(
            kind: kind,
            message: "Not sent to Prometheus at \(context.url)\(what): \(reason).",
            url: context.url,
            query: context.query
        )
    }

}

extension PrometheusAPI: CustomStringConvertible, CustomReflectable {
    /// The URL and settings, the token as `<redacted>`.
    public var description: String {
        connection.description(of: "PrometheusAPI")
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description])
    }
}
