import CCurl

/// libcurl's process-wide state, initialised exactly once before the first handle.
///
/// `curl_global_init` must not race with other libcurl calls; a `static let` is initialised
/// once, thread-safely (swift_once), and every ``CurlEventLoop`` reads it before creating
/// its multi handle, so it always runs first. It is never cleaned up: the process exit does.
///
/// libcurl is loaded with dlopen by the first call (`CCurl`), so a process that never polls
/// never loads it; when it cannot be loaded, ``loadError`` says why and every request fails
/// with that reason.
enum CurlRuntime {
    /// `CURLE_OK` when libcurl is usable.
    static let initResult: CURLcode =
        CCurl_load_error() == nil ? CCurl_global_init(Int(CURL_GLOBAL_DEFAULT)) : CURLE_FAILED_INIT

    /// Why libcurl could not be loaded (the files tried and the loader's message), or nil.
    static var loadError: String? { CCurl_load_error().map { String(cString: $0) } }

    /// `libcurl/7.88.1 OpenSSL/3.0.19 zlib/…`, for notes and the user agent.
    static var version: String { String(cString: CCurl_version()) }

    /// Why no request can be sent, for error messages: libcurl missing, or its start failing.
    static var unavailableReason: String {
        if let loadError {
            return "libcurl could not be loaded (\(loadError)); install it with `apt-get install libcurl4`"
        }
        return "libcurl could not be initialised (\(version)); check memory limits"
    }
}
