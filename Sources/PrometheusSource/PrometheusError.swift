/// Why a call to a Prometheus query API gave no result; `message` says what happened, where, and what
/// to do, in words for the person watching the console.
///
/// Messages name the endpoint with any `user:password@` removed and never contain the bearer token.
public struct PrometheusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, stable for callers that react to it (health, backoff, the step of a chart).
    public enum Kind: String, Sendable {
        /// No connection: the host is unknown, refused, closed early, or TLS failed.
        case unreachable
        /// No answer within the timeout, or Prometheus gave up evaluating (`errorType` `timeout`).
        case timeout
        /// Prometheus refused the request as malformed (`errorType` `bad_data`): usually the PromQL.
        case badData
        /// A range query would return more than 11,000 points per series; a larger step is needed.
        case tooManyPoints
        /// Any other error status, with the envelope's `errorType` and `error` when it had one.
        case httpStatus
        /// The body is not JSON: an HTML login page, a proxy's error page, the web UI.
        case notJSON
        /// JSON that is not a query API answer of the expected shape.
        case malformedResponse
        /// The answer passed the size cap and was cut off.
        case responseTooLarge
        /// Refused before sending: the arguments cannot make a valid request (a label name, a step).
        case invalidRequest
    }

    public var kind: Kind
    /// The whole explanation, ready to show.
    public var message: String
    /// The endpoint called, credentials removed (`http://prometheus:9090/api/v1/query`).
    public var url: String
    /// The PromQL sent, or that would have been sent; nil for calls without one.
    public var query: String?
    /// The HTTP status of the answer; nil when none came.
    public var status: Int?
    /// The envelope's `errorType` (`bad_data`, `execution`, `timeout`…); nil when it had none.
    public var errorType: String?
    /// Prometheus' own words (the envelope's `error`); nil when it had none.
    public var serverMessage: String?

    public init(
        kind: Kind,
        message: String,
        url: String,
        query: String? = nil,
        status: Int? = nil,
        errorType: String? = nil,
        serverMessage: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.url = url
        self.query = query
        self.status = status
        self.errorType = errorType
        self.serverMessage = serverMessage
    }

    public var description: String { message }
}
