import CCurl

/// libcurl's process-wide state, initialised exactly once before the first handle.
///
/// `curl_global_init` must not race with other libcurl calls; a `static let` is initialised
/// once, thread-safely (swift_once), and every ``CurlEventLoop`` reads it before creating
/// its multi handle, so it always runs first. It is never cleaned up: the process exit does.
enum CurlRuntime {
    /// `CURLE_OK` when libcurl is usable.
    static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// `libcurl/7.88.1 OpenSSL/3.0.19 zlib/…`, for notes and the user agent.
    static var version: String { String(cString: curl_version()) }
}
