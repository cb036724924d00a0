import CCurl

/// When an event loop drops a server's entry from libcurl's DNS cache.
///
/// libcurl 7.88 walks its whole DNS cache after every transfer to find stale entries
/// (`Curl_hostcache_prune`); at a thousand servers that walk was about 2 % of a poller's CPU. So
/// the loop tells libcurl to keep entries (`CURLOPT_DNS_CACHE_TIMEOUT` -1) and expires them itself:
/// the first request to a server after `lifetime` carries a `-host:port` `CURLOPT_RESOLVE` entry,
/// which removes the cached address before that transfer starts. A server that moved is found
/// again on the next new connection, as with libcurl's own 60 s expiry. Used on one loop thread.
struct AddressExpiry {
    /// Milliseconds an address stays cached.
    let lifetime: Int64
    /// When each server's entry was last dropped (or first used), by `HTTPClient.authorityHash`;
    /// two servers sharing a hash only share this clock.
    private var refreshed: [UInt64: Int64] = [:]

    init(lifetime: Int64) {
        self.lifetime = max(0, lifetime)
    }

    /// Whether a request to `url` sent at `now` (`SocketWatch.now()`) should drop the cached address.
    mutating func isDue(_ url: String, now: Int64) -> Bool {
        let key = HTTPClient.authorityHash(url)
        guard let last = refreshed[key] else {
            refreshed[key] = now
            return false
        }
        guard now - last >= lifetime else { return false }
        refreshed[key] = now
        return true
    }

    /// The `CURLOPT_RESOLVE` entry that removes `url`'s cached address (`-host:port`), or nil for an
    /// IPv6 literal (libcurl 7.88 cannot parse one there, and a literal needs no lookup anyway) or a
    /// URL libcurl cannot parse.
    static func removal(for url: String) -> String? {
        guard let handle = CCurl_url() else { return nil }
        defer { CCurl_url_cleanup(handle) }
        guard CCurl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        var host: UnsafeMutablePointer<CChar>?
        var port: UnsafeMutablePointer<CChar>?
        defer {
            CCurl_free(host)
            CCurl_free(port)
        }
        guard CCurl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK,
            CCurl_url_get(handle, CURLUPART_PORT, &port, UInt32(CURLU_DEFAULT_PORT)) == CURLUE_OK,
            let host, let port
        else { return nil }
        let name = String(cString: host)
        guard !name.hasPrefix("[") else { return nil }
        return "-\(name.lowercased()):\(String(cString: port))"
    }
}
