/// Why a request produced no response; `message` says what happened, where, and what to try.
///
/// Messages never contain credential header values (see ``HTTPHeader/isSecret``) nor the
/// password part of a URL.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, stable for callers that react to it (health, backoff).
    public enum Kind: String, Sendable {
        /// The whole transfer (or the connect phase) exceeded its timeout.
        case timeout
        /// The host could not be resolved or refused the connection.
        case connect
        /// The response body passed `maxResponseBytes`; the transfer was cut off.
        case tooLarge
        /// TLS handshake or certificate verification failed.
        case tls
        /// The URL or the request itself cannot be sent (scheme, syntax, header, method).
        case invalidURL
        /// Anything else: the peer closed early, too many redirects, the client shut down.
        case other
    }

    public var kind: Kind
    public var message: String
    /// Body bytes received before the failure (decoded); for `.tooLarge`, the count that passed the cap.
    public var bytesReceived: Int
    /// Seconds from the start of the transfer to the failure; 0 when it never started.
    public var duration: Double
    /// libcurl's `CURLcode` when libcurl reported the failure, else 0.
    public var curlCode: Int

    public init(kind: Kind, message: String, bytesReceived: Int = 0, duration: Double = 0, curlCode: Int = 0) {
        self.kind = kind
        self.message = message
        self.bytesReceived = bytesReceived
        self.duration = duration
        self.curlCode = curlCode
    }

    public var description: String { "HTTP \(kind.rawValue): \(message)" }
}
