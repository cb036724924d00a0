import CCurl

/// Idle libcurl easy handles of one event loop, ready for the next request.
///
/// `curl_easy_init` and `curl_easy_cleanup` allocate and free a handle's whole state (and its
/// download buffer) on every request; a poller sends the same few requests to the same servers
/// every few seconds, so a finished handle is kept. A handle that carried a plain GET keeps its
/// options (libcurl keeps options from one transfer to the next by design): the next GET sets only
/// what differs per request (`Transfer.configure`). Any other handle is reset (`curl_easy_reset`
/// keeps the buffers and caches, forgets every option). Used only on its loop's thread.
final class EasyHandlePool {
    private var idle: [UnsafeMutableRawPointer] = []
    /// Handles whose options are those every plain GET shares.
    private var idleForGET: [UnsafeMutableRawPointer] = []
    /// Handles kept at most, both kinds together; one finished beyond that is cleaned up.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    deinit {
        drain()
    }

    /// An idle handle, or a new one; nil when libcurl cannot make one. `configuredForGET` says the
    /// handle already carries the options every plain GET shares.
    func take(forGET: Bool) -> (easy: UnsafeMutableRawPointer, configuredForGET: Bool)? {
        if forGET, let easy = idleForGET.popLast() { return (easy, true) }
        if let easy = idle.popLast() ?? idleForGET.popLast().map(reset) ?? CCurl_easy_init() { return (easy, false) }
        return nil
    }

    /// Takes back a handle no longer in any multi handle; `keepsGETOptions`: it carried a plain GET
    /// and may serve the next one without a reset.
    func give(_ easy: UnsafeMutableRawPointer, keepsGETOptions: Bool) {
        guard idle.count + idleForGET.count < capacity else {
            CCurl_easy_cleanup(easy)
            return
        }
        if keepsGETOptions {
            idleForGET.append(easy)
        } else {
            idle.append(reset(easy))
        }
    }

    private func reset(_ easy: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        CCurl_easy_reset(easy)
        return easy
    }

    /// Cleans up every idle handle (before the multi handle goes).
    func drain() {
        for easy in idle + idleForGET { CCurl_easy_cleanup(easy) }
        idle.removeAll()
        idleForGET.removeAll()
    }
}
