/// An HTTP client on libcurl's multi interface: many requests at once from one event-loop thread.
///
/// Each client starts one dedicated thread that owns all of its libcurl handles; requests
/// from any thread or task are handed to it. Every request gets its own timeout, connect
/// timeout and response size cap; gzip and deflate are decoded; TLS certificates and host
/// names are always verified; up to 3 redirects are followed (http and https only, and
/// libcurl does not forward a caller's `Authorization` header to another host).
///
/// Completions run **on the client's thread**, one at a time: keep them short and hop to
/// your own queue, actor or task for real work, or use the `async` variant. A completion may
/// call `send` again. When the client is already shut down the completion runs at once on
/// the caller's thread with an ``HTTPError/Kind/other`` error.
public final class HTTPClient: Sendable {
    private let loop: CurlEventLoop

    /// - Parameter maxConnections: open connections at most, all hosts together; further
    ///   requests wait inside libcurl (their timeout already runs while they wait).
    public init(maxConnections: Int = 256) {
        loop = CurlEventLoop(maxConnections: maxConnections)
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `request`; `completion` is called exactly once, on the client's thread.
    public func send(_ request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, HTTPError>) -> Void)
    {
        loop.submit(request, completion: completion)
    }

    /// Sends `request` and resumes with its outcome; HTTP error statuses are responses, not errors.
    public func send(_ request: HTTPRequest) async -> Result<HTTPResponse, HTTPError> {
        await withCheckedContinuation { continuation in
            loop.submit(request) { continuation.resume(returning: $0) }
        }
    }

    /// Stops the event loop: pending requests fail with an ``HTTPError/Kind/other`` error that
    /// says the client was shut down, and every libcurl handle is released.
    ///
    /// Returns once the loop has finished, except when called from a completion (on the
    /// client's thread), where it only asks the loop to stop. Calling it twice is harmless;
    /// `deinit` calls it too.
    public func shutdown() {
        loop.shutdown()
    }
}
