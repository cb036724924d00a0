import Synchronization

/// An HTTP client on libcurl's multi interface: many requests at once from event-loop threads.
///
/// Each client starts one or more dedicated threads (`eventLoops`), each owning one libcurl
/// multi handle and the easy handles added to it; requests from any thread or task are handed
/// to the loop of their host, so the connections to one server always live in the same loop.
/// Every request gets its own timeout, connect timeout and response size cap; gzip and deflate
/// are decoded; TLS certificates and host names are always verified; up to 3 redirects are
/// followed (http and https only, and libcurl does not forward a caller's `Authorization`
/// header to another host).
///
/// Several loops matter for a poller of many servers: libcurl 7.88 walks its whole connection
/// cache and DNS cache on every transfer, so that cost grows with the servers per loop.
///
/// Completions run **on a client thread**, one at a time per loop: keep them short and hop to
/// your own queue, actor or task for real work, or use the `async` variant. A completion may
/// call `send` again. When the client is already shut down the completion runs at once on
/// the caller's thread with an ``HTTPError/Kind/other`` error.
public final class HTTPClient: Sendable {
    private let loops: [CurlEventLoop]

    /// - Parameters:
    ///   - maxConnections: open connections at most, all hosts together, and the number of idle
    ///     connections kept for reuse (shared out between the loops with headroom for uneven
    ///     hosts); further requests wait inside libcurl (their timeout already runs while they
    ///     wait).
    ///   - maxConnectionsPerHost: open connections at most to one host and port (0: no limit).
    ///     A poller that keeps this small reuses one or two kept-alive connections per server
    ///     instead of opening a new one for each of a poll's concurrent requests.
    ///   - eventLoops: threads, each with its own libcurl multi handle; at least 1.
    ///   - addressCacheSeconds: how long a server's resolved address is reused for new connections
    ///     (libcurl's default, 60 s); a server whose name moves is found again after that.
    public init(
        maxConnections: Int = 256,
        maxConnectionsPerHost: Int = 0,
        eventLoops: Int = 1,
        addressCacheSeconds: Double = 60
    ) {
        let count = max(1, eventLoops)
        let perLoop = count == 1 ? maxConnections : max(8, maxConnections * 3 / (2 * count))
        let lifetime = addressCacheSeconds.isFinite ? Int64(min(max(addressCacheSeconds, 0), 1e9) * 1000) : 60_000
        loops = (0..<count).map { _ in
            CurlEventLoop(
                maxConnections: perLoop,
                maxConnectionsPerHost: maxConnectionsPerHost,
                addressLifetime: lifetime
            )
        }
    }

    /// A client sized for polling `targets` servers: two connections per server (a poll's metrics
    /// and health requests run side by side; further requests of the poll reuse them), all kept
    /// alive between polls, and one event loop per 64 servers (at most 16). Raises the process'
    /// open-file limit towards its hard limit when the connections would not fit; `limitNote`
    /// says so when even that is too low.
    public static func forPolling(targets: Int) -> (client: HTTPClient, limitNote: String?) {
        let connections = max(16, 2 * targets)
        let loops = min(16, max(1, (targets + 63) / 64))
        let note = FileLimit.raise(toFit: connections * 3 / 2 + 3 * loops + 64)
        return (HTTPClient(maxConnections: connections, maxConnectionsPerHost: 2, eventLoops: loops), note)
    }

    deinit {
        shutdown()
    }

    /// Sends `request`; `completion` is called exactly once, on a client thread.
    public func send(_ request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, HTTPError>) -> Void)
    {
        loop(for: request.url).submit(request, completion: completion)
    }

    /// Sends `request` and resumes with its outcome; HTTP error statuses are responses, not errors.
    public func send(_ request: HTTPRequest) async -> Result<HTTPResponse, HTTPError> {
        await withCheckedContinuation { continuation in
            loop(for: request.url).submit(request) { continuation.resume(returning: $0) }
        }
    }

    /// Sends every request at once; `completion` is called once, when the last one has an outcome,
    /// with the outcomes in the order of `requests`, on the client thread that finished it (for
    /// requests to one server: the thread that owns its connections). Called at once, on the
    /// caller's thread, when `requests` is empty.
    public func send(
        all requests: [HTTPRequest],
        completion: @escaping @Sendable ([Result<HTTPResponse, HTTPError>]) -> Void
    ) {
        if requests.isEmpty { return completion([]) }
        let outcomes = Mutex(
            (
                results: [Result<HTTPResponse, HTTPError>?](repeating: nil, count: requests.count),
                left: requests.count
            )
        )
        for (position, request) in requests.enumerated() {
            loop(for: request.url).submit(request) { result in
                let finished = outcomes.withLock { state -> [Result<HTTPResponse, HTTPError>]? in
                    state.results[position] = result
                    state.left -= 1
                    return state.left == 0 ? state.results.compactMap { $0 } : nil
                }
                if let finished { completion(finished) }
            }
        }
    }

    /// Runs `work` once `delay` has passed, on the client thread that owns the connections to
    /// `url`'s server, where requests to that server also complete: a poller can schedule, send and
    /// read a server's answers on one thread without a hand-off. Keep `work` short, as completions.
    /// Returns false, and never runs `work`, once the client is shut down; work still waiting at
    /// shutdown is dropped without running.
    @discardableResult
    public func schedule(after delay: Duration, near url: String, _ work: @escaping @Sendable () -> Void) -> Bool {
        let (seconds, attoseconds) = delay.components
        // Clamped to about 35 years so the deadline arithmetic cannot overflow.
        let milliseconds = min(max(seconds, 0), 1 << 30) * 1000 + max(attoseconds, 0) / 1_000_000_000_000_000
        return loop(for: url).schedule(afterMilliseconds: milliseconds, work)
    }

    /// Stops the event loops: pending requests fail with an ``HTTPError/Kind/other`` error that
    /// says the client was shut down, and every libcurl handle is released.
    ///
    /// Returns once the loops have finished, except when called from a completion (on a
    /// client thread), where it only asks them to stop. Calling it twice is harmless;
    /// `deinit` calls it too.
    public func shutdown() {
        for loop in loops { loop.shutdown() }
    }

    /// The loop that owns connections to the URL's scheme, host and port.
    private func loop(for url: String) -> CurlEventLoop {
        guard loops.count > 1 else { return loops[0] }
        return loops[Int(Self.authorityHash(url) % UInt64(loops.count))]
    }

    /// FNV-1a of everything before the path (`scheme://user@host:port`): stable, so one server
    /// always maps to the same loop.
    static func authorityHash(_ url: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var slashes = 0
        for byte in url.utf8 {
            if byte == UInt8(ascii: "/") {
                slashes += 1
                if slashes == 3 { break }
            }
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
