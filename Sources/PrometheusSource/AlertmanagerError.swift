/// Why a call to an Alertmanager API gave no result; `message` says what happened, where, and what to
/// do, in words for the person watching the console.
///
/// Messages name the endpoint with any `user:password@` removed and never contain the bearer token.
public struct AlertmanagerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, stable for callers that react to it (the source's status, a retry).
    public enum Kind: String, Sendable {
        /// No connection: the host is unknown, refused, closed early, or TLS failed.
        case unreachable
        /// No answer within the timeout.
        case timeout
        /// Alertmanager refused the request as invalid (HTTP 400 or 422): a matcher, a time, the body.
        case rejected
        /// The silence asked for does not exist (HTTP 404, or Alertmanager 0.25's 500 "silence not found").
        case notFound
        /// Any other error status, with Alertmanager's words when it gave some.
        case httpStatus
        /// The body is not JSON: an HTML login page, a proxy's error page, the web UI.
        case notJSON
        /// JSON that is not an answer of the expected shape.
        case malformedResponse
        /// The answer passed the size cap and was cut off.
        case responseTooLarge
        /// Refused before sending: the arguments cannot make a valid request (no comment, no matcher).
        case invalidRequest
    }

    public var kind: Kind
    /// The whole explanation, ready to show.
    public var message: String
    /// The endpoint called, credentials removed (`http://alertmanager:9093/api/v2/silences`).
    public var url: String
    /// The HTTP status of the answer; nil when none came.
    public var status: Int?
    /// Alertmanager's own words; nil when it gave none.
    public var serverMessage: String?

    public init(kind: Kind, message: String, url: String, status: Int? = nil, serverMessage: String? = nil) {
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.serverMessage = serverMessage
    }

    public var description: String { message }
}
