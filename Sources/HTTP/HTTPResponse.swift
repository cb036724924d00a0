/// A completed HTTP exchange: whatever status the server answered, the client does not judge it.
///
/// A 404 or an HTML error page is a response, not an ``HTTPError``: the caller (the collector)
/// decides what a status or a content type means for its target.
public struct HTTPResponse: Sendable {
    /// HTTP status code of the final response (after redirects).
    public var status: Int
    /// Headers of the final response, in the order the server sent them.
    public var headers: [HTTPHeader]
    /// Decoded body (gzip/deflate already undone), at most the request's `maxResponseBytes`.
    public var body: [UInt8]
    /// Seconds from the start of the transfer to its end, as libcurl measures it (`CURLINFO_TOTAL_TIME`).
    public var duration: Double

    public init(status: Int, headers: [HTTPHeader], body: [UInt8], duration: Double) {
        self.status = status
        self.headers = headers
        self.body = body
        self.duration = duration
    }

    /// The first value of the header called `name`, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
