/// One HTTP request for ``HTTPClient``: what to fetch, with which headers and limits.
///
/// Printing a request (`description`, `debugDescription`, string interpolation) never shows
/// a credential: `Authorization` and the other ``HTTPHeader/isSecret`` headers appear as
/// `<redacted>`, and so does the `user:password@` part of the URL.
public struct HTTPRequest: Sendable {
    /// `http://` or `https://` URL; other schemes are refused (``HTTPError/Kind/invalidURL``).
    public var url: String
    /// `GET`, `POST`, `PUT`, `DELETE`, `PATCH` or `HEAD` (case-insensitive).
    public var method: String = "GET"
    /// Sent as given; the client adds only `Accept-Encoding` (gzip, deflate and what libcurl decodes).
    public var headers: [HTTPHeader] = []
    /// Request body; `nil` for none (an empty body is sent for `POST`, `PUT` and `PATCH`).
    public var body: [UInt8]? = nil
    /// Seconds for the whole transfer, connect and redirects included.
    public var timeout: Double = 10
    /// Seconds for the TCP (and TLS) connect phase.
    public var connectTimeout: Double = 3
    /// Largest decoded body accepted, in bytes; a larger one ends in ``HTTPError/Kind/tooLarge``.
    public var maxResponseBytes: Int = 16 << 20

    public init(
        url: String,
        method: String = "GET",
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        timeout: Double = 10,
        connectTimeout: Double = 3,
        maxResponseBytes: Int = 16 << 20
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// The URL with any `user:password@` replaced by `<redacted>@`, safe for logs and errors.
    public var redactedURL: String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let rest: Substring = url[schemeEnd.upperBound...]
        let authorityEnd: String.Index = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "<redacted>" + String(rest[at...])
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible {
    /// `GET http://host/metrics`: method and redacted URL, what errors and logs show.
    public var description: String { "\(method.uppercased()) \(redactedURL)" }

    /// Everything about the request except credentials, for debugging a target.
    public var debugDescription: String {
        let headerText = headers.map(\.redactedDescription).joined(separator: ", ")
        let bodyText = body.map { "\($0.count) bytes" } ?? "none"
        return "\(description) headers [\(headerText)] body \(bodyText) timeout \(timeout) s "
            + "connect timeout \(connectTimeout) s max response \(maxResponseBytes) bytes"
    }
}

extension HTTPRequest: CustomReflectable {
    /// `dump(request)` and debuggers see the same redacted view as `debugDescription`.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": redactedURL,
                "method": method,
                "headers": headers.map(\.redactedDescription),
                "bodyBytes": body?.count as Any,
                "timeout": timeout,
                "connectTimeout": connectTimeout,
                "maxResponseBytes": maxResponseBytes,
            ]
        )
    }
}
