import HTTP

/// Where and how a client of an API of the Prometheus family (Prometheus' query API,
/// Alertmanager's) sends: the root without a trailing slash, the timeout, the size limit of an
/// answer and the bearer token, and the requests made from them.
struct APIConnection: Sendable {
    let baseURL: String
    let timeout: Double
    let maxResponseBytes: Int
    let bearerToken: String?
    let client: HTTPClient

    /// `timeout`: non-positive or non-finite values become 10 (at most a day); `maxResponseBytes` at
    /// least 1 KiB; an empty token is none.
    init(url: String, client: HTTPClient, bearerToken: String?, timeout: Double, maxResponseBytes: Int) {
        var root = url.trimmingCharacters(in: .whitespaces)
        while root.hasSuffix("/") { root.removeLast() }
        baseURL = root
        self.client = client
        self.bearerToken = bearerToken.flatMap { $0.isEmpty ? nil : $0 }
        self.timeout = timeout > 0 && timeout.isFinite ? min(timeout, 86_400) : 10
        self.maxResponseBytes = max(1024, maxResponseBytes)
    }

    /// A request for JSON with the token, whose transfer may take `transferTimeout` seconds.
    func request(_ url: String, _ method: String, transferTimeout: Double) -> HTTPRequest {
        var headers = [HTTPHeader(name: "Accept", value: "application/json")]
        if let bearerToken {
            headers.append(HTTPHeader(name: "Authorization", value: "Bearer " + bearerToken))
        }
        return HTTPRequest(
            url: url,
            method: method,
            headers: headers,
            timeout: transferTimeout,
            connectTimeout: min(timeout, 5),
            maxResponseBytes: maxResponseBytes
        )
    }

    /// `url` with any `user:password@` as `<redacted>@`, for messages.
    func redacted(_ url: String) -> String { HTTPRequest(url: url).redactedURL }

    /// `Name(url, token: none, timeout: 10 s)`, the token never shown.
    func description(of name: String) -> String {
        "\(name)(\(redacted(baseURL)), token: \(bearerToken == nil ? "none" : "<redacted>"), "
            + "timeout: \(Self.durationText(timeout)))"
    }

    /// `90 s`, `15 min`, `2 h`, `7 d` for messages: the largest unit that divides evenly.
    static func durationText(_ seconds: Double) -> String {
        for (unit, size) in [("d", 86_400.0), ("h", 3_600.0), ("min", 60.0)]
        where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size)) \(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
