import CCurl

/// Idle libcurl easy handles of one event loop, reset and ready for the next request.
///
/// `curl_easy_init` and `curl_easy_cleanup` allocate and free a handle's whole state (and its
/// download buffer) on every request; a poller sends the same few requests to the same servers
/// every few seconds, so a finished handle is reset (`curl_easy_reset` keeps the buffers and
/// caches, forgets every option) and reused. Used only on its loop's thread.
final class EasyHandlePool {
    private var idle: [UnsafeMutableRawPointer] = []
    /// Handles kept at most; one finished beyond that is cleaned up.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    deinit {
        drain()
    }

    /// An idle handle, or a new one; nil when libcurl cannot make one.
    func take() -> UnsafeMutableRawPointer? {
        idle.popLast() ?? curl_easy_init()
    }

    /// Takes back a handle no longer in any multi handle, with every option reset.
    func give(_ easy: UnsafeMutableRawPointer) {
        guard idle.count < capacity else {
            curl_easy_cleanup(easy)
            return
        }
        curl_easy_reset(easy)
        idle.append(easy)
    }

    /// Cleans up every idle handle (before the multi handle goes).
    func drain() {
        for easy in idle { curl_easy_cleanup(easy) }
        idle.removeAll()
    }
}
