import CCurl

/// One request in flight: its easy handle, the buffers libcurl's callbacks fill, its completion.
///
/// Owned by the ``CurlEventLoop`` thread only, from creation to completion. libcurl reaches it
/// through an unretained pointer in `CURLOPT_WRITEDATA`/`CURLOPT_HEADERDATA`; the loop's table
/// keeps it alive until the handle has left the multi handle.
final class Transfer {
    let request: HTTPRequest
    let completion: @Sendable (Result<HTTPResponse, HTTPError>) -> Void
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// A `-host:port` entry that drops the server's cached address before this transfer starts.
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var body: [UInt8] = []
    private var headers: [HTTPHeader] = []
    private var headerBytes = 0
    /// The response's `Content-Length`, when it declared one.
    private var declaredLength: Int?
    /// Set when a callback refused data because a cap was passed; the `CURLE_WRITE_ERROR` that
    /// follows is then reported as `.tooLarge`.
    private var overflow: (bytes: Int, what: String)?

    /// Headers of all responses (redirects included) may not exceed this many bytes.
    static let maxHeaderBytes = 1 << 20

    private init(
        request: HTTPRequest,
        easy: UnsafeMutableRawPointer,
        completion: @escaping @Sendable (Result<HTTPResponse, HTTPError>) -> Void
    ) {
        self.request = request
        self.easy = easy
        self.completion = completion
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    /// Set once the easy handle went back to a pool: then it is not cleaned up here.
    private var handedBack = false

    deinit {
        if !handedBack { CCurl_easy_cleanup(easy) }
        CCurl_slist_free_all(headerList)
        CCurl_slist_free_all(resolveList)
        errorBuffer.deallocate()
    }

    /// Gives the easy handle to `pool` for another request; call once the handle has left the
    /// multi handle and the outcome was read.
    func handBack(to pool: EasyHandlePool) {
        guard !handedBack else { return }
        handedBack = true
        let keepsOptions = Self.isPlainGET(request)
        if keepsOptions {
            // The kept handle must not point at this transfer's buffers once it is gone.
            _ = CCurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, nil)
            _ = CCurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, nil)
            _ = CCurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, nil)
            _ = CCurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, nil)
            _ = CCurl_easy_setopt_pointer(easy, CURLOPT_RESOLVE, nil)
        }
        pool.give(easy, keepsGETOptions: keepsOptions)
    }

    /// A configured transfer ready for `curl_multi_add_handle`, or why the request cannot be sent.
    /// `pool`: where the easy handle comes from (a fresh one without). libcurl keeps resolved
    /// addresses until `dropCachedAddress` asks this transfer to forget the server's (`AddressExpiry`).
    static func make(
        _ request: HTTPRequest,
        from pool: EasyHandlePool? = nil,
        dropCachedAddress: Bool = false,
        completion: @escaping @Sendable (Result<HTTPResponse, HTTPError>) -> Void
    ) -> Result<Transfer, HTTPError> {
        if let problem = RequestValidation.problem(in: request) {
            return .failure(HTTPError(kind: .invalidURL, message: "\(request): \(problem)"))
        }
        let taken =
            CurlRuntime.initResult != CURLE_OK
            ? nil : pool.map { $0.take(forGET: isPlainGET(request)) } ?? CCurl_easy_init().map { ($0, false) }
        guard let (easy, configured) = taken else {
            let message = "\(request): \(CurlRuntime.unavailableReason)"
            return .failure(HTTPError(kind: .other, message: message))
        }
        let transfer = Transfer(request: request, easy: easy, completion: completion)
        let problem =
            configured
            ? transfer.configureRequest(dropCachedAddress: dropCachedAddress)
            : transfer.configure(dropCachedAddress: dropCachedAddress)
        if let problem {
            return .failure(HTTPError(kind: .other, message: "\(request): \(problem)"))
        }
        return .success(transfer)
    }

    /// A GET without a body: its handle keeps the shared options for the next one.
    private static func isPlainGET(_ request: HTTPRequest) -> Bool {
        request.body == nil && request.method.uppercased() == "GET"
    }

    /// Sets every option; returns a message when libcurl refuses one.
    private func configure(dropCachedAddress: Bool) -> String? {
        var codes: [(String, CURLcode)] = [
            ("NOSIGNAL", CCurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)),
            ("DNS_CACHE_TIMEOUT", CCurl_easy_setopt_long(easy, CURLOPT_DNS_CACHE_TIMEOUT, -1)),
            ("PROTOCOLS", CCurl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")),
            ("REDIR_PROTOCOLS", CCurl_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")),
            ("TIMEOUT", CCurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))),
            (
                "CONNECTTIMEOUT",
                CCurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
            ),
            ("FOLLOWLOCATION", CCurl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1)),
            ("MAXREDIRS", CCurl_easy_setopt_long(easy, CURLOPT_MAXREDIRS, 3)),
            ("ACCEPT_ENCODING", CCurl_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")),
            ("SSL_VERIFYPEER", CCurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1)),
            ("SSL_VERIFYHOST", CCurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2)),
            ("USERAGENT", CCurl_easy_setopt_string(easy, CURLOPT_USERAGENT, "llmdeck")),
            ("WRITEFUNCTION", CCurl_easy_setopt_write_function(easy, receiveBodyCallback)),
            ("HEADERFUNCTION", CCurl_easy_setopt_header_function(easy, receiveHeaderCallback)),
        ]
        codes += configureMethodAndBody()
        guard let failed = codes.first(where: { $0.1 != CURLE_OK }) else {
            return configureRequest(dropCachedAddress: dropCachedAddress)
        }
        return Self.refused(failed.0, failed.1)
    }

    /// Sets the options that differ from one request to the next (all of them on a handle kept from
    /// an earlier plain GET, which carries the rest); a message when libcurl refuses one.
    func configureRequest(dropCachedAddress: Bool) -> String? {
        let context = Unmanaged.passUnretained(self).toOpaque()
        var codes: [(String, CURLcode)] = [
            ("URL", CCurl_easy_setopt_string(easy, CURLOPT_URL, request.url)),
            ("TIMEOUT", CCurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))),
            (
                "CONNECTTIMEOUT",
                CCurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
            ),
            ("ERRORBUFFER", CCurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)),
            ("WRITEDATA", CCurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)),
            ("HEADERDATA", CCurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)),
        ]
        if request.method.uppercased() != "HEAD" {
            // Refuses a declared Content-Length over the cap before any body byte arrives; a HEAD
            // answer declares the size of a body it never sends, so it is exempt.
            let cap = Int64(request.maxResponseBytes)
            codes.append(("MAXFILESIZE", CCurl_easy_setopt_int64(easy, CURLOPT_MAXFILESIZE_LARGE, cap)))
        }
        for line in headerLines() {
            guard let appended = CCurl_slist_append(headerList, line) else { return "out of memory for headers" }
            headerList = appended
        }
        codes.append(("HTTPHEADER", CCurl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList)))
        // Always set: a kept handle may still point at an earlier transfer's (freed) entry.
        if dropCachedAddress, let removal = AddressExpiry.removal(for: request.url) {
            guard let list = CCurl_slist_append(nil, removal) else { return "out of memory for the address entry" }
            resolveList = list
        }
        codes.append(("RESOLVE", CCurl_easy_setopt_pointer(easy, CURLOPT_RESOLVE, resolveList)))
        guard let failed = codes.first(where: { $0.1 != CURLE_OK }) else { return nil }
        return Self.refused(failed.0, failed.1)
    }

    private static func refused(_ option: String, _ code: CURLcode) -> String {
        "libcurl refused option \(option): \(String(cString: CCurl_easy_strerror(code)))"
    }

    private func configureMethodAndBody() -> [(String, CURLcode)] {
        let method = request.method.uppercased()
        var codes: [(String, CURLcode)] = []
        switch method {
        case "GET" where request.body == nil:
            codes.append(("HTTPGET", CCurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)))
        case "HEAD":
            codes.append(("NOBODY", CCurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)))
        default:
            if method != "POST" {
                codes.append(("CUSTOMREQUEST", CCurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)))
            }
            let isBodyMethod = ["POST", "PUT", "PATCH"].contains(method)
            if let body = request.body ?? (isBodyMethod ? [] : nil) {
                // The size goes first so binary bodies with NUL bytes are copied whole.
                codes.append(
                    ("POSTFIELDSIZE", CCurl_easy_setopt_int64(easy, CURLOPT_POSTFIELDSIZE_LARGE, Int64(body.count)))
                )
                let copied = body.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress else {
                        return CCurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
                    }
                    return CCurl_easy_setopt_pointer(
                        easy,
                        CURLOPT_COPYPOSTFIELDS,
                        UnsafeMutableRawPointer(mutating: base)
                    )
                }
                codes.append(("COPYPOSTFIELDS", copied))
            }
        }
        return codes
    }

    /// `Name: value` lines for libcurl; `Expect:` is blanked so bodies are not held back a second.
    private func headerLines() -> [String] {
        var lines = request.headers.map { header in
            // libcurl sends `Name;` as a header with an empty value; `Name:` would remove it.
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        return lines
    }

    /// Milliseconds for libcurl from validated seconds (finite, positive, bounded).
    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    /// Called by the write callback; false aborts the transfer (the body passed the cap).
    fileprivate func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard body.count + chunk.count <= request.maxResponseBytes else {
            overflow = (body.count + chunk.count, "body")
            return false
        }
        if body.isEmpty, let declared = declaredLength, declared <= request.maxResponseBytes {
            body.reserveCapacity(declared)  // one allocation instead of doubling through a 100 KB page
        }
        body.append(contentsOf: chunk)
        return true
    }

    /// Called once per header line, status lines and the blank line included. Read as bytes: only
    /// the name and the value become Strings (this runs for every header of every poll).
    fileprivate func receiveHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard headerBytes <= Self.maxHeaderBytes else {
            overflow = (headerBytes, "headers")
            return false
        }
        let bytes = line.assumingMemoryBound(to: UInt8.self)
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll()  // a new response starts: a redirect or a 100 Continue came before
            declaredLength = nil
            return true
        }
        var end = bytes.count
        while end > 0 && Self.isWhitespace(bytes[end - 1]) { end -= 1 }
        guard end > 0 else { return true }  // the blank line after the headers
        if bytes[0] == UInt8(ascii: " ") || bytes[0] == UInt8(ascii: "\t") {
            guard let last = headers.popLast() else { return true }
            var start = 0
            while start < end && Self.isWhitespace(bytes[start]) { start += 1 }
            let folded = last.value + " " + Self.text(bytes, start, end)
            headers.append(HTTPHeader(name: last.name, value: folded))
            return true
        }
        guard let colon = bytes[..<end].firstIndex(of: UInt8(ascii: ":")) else { return true }
        var nameEnd = colon
        while nameEnd > 0 && Self.isWhitespace(bytes[nameEnd - 1]) { nameEnd -= 1 }
        guard nameEnd > 0 else { return true }
        var valueStart = colon + 1
        while valueStart < end && Self.isWhitespace(bytes[valueStart]) { valueStart += 1 }
        let value = Self.text(bytes, valueStart, end)
        headers.append(HTTPHeader(name: Self.text(bytes, 0, nameEnd), value: value))
        if nameEnd == 14, Self.equalsIgnoringCase(bytes, "content-length") { declaredLength = Int(value) }
        return true
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Whether `bytes` starts with `lowercase` in any ASCII case.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count >= lowercase.utf8CodeUnitCount else { return false }
        let wanted = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        for (byte, want) in zip(bytes, wanted) where byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) != want {
            return false
        }
        return true
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        var seconds = 0.0
        _ = CCurl_easy_getinfo_double(easy, CURLINFO_TOTAL_TIME, &seconds)
        guard code == CURLE_OK else { return .failure(error(for: code, duration: seconds)) }
        var status = 0
        _ = CCurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body, duration: seconds))
    }

    /// The failure for a transfer that never completed, e.g. because the client shut down.
    func abandoned(reason: String) -> HTTPError {
        var seconds = 0.0
        _ = CCurl_easy_getinfo_double(easy, CURLINFO_TOTAL_TIME, &seconds)
        return HTTPError(kind: .other, message: "\(request): \(reason)", bytesReceived: body.count, duration: seconds)
    }

    private func error(for code: CURLcode, duration: Double) -> HTTPError {
        let detail = redacted(curlMessage(code))
        let kind = Self.kind(of: code, overflowed: overflow != nil)
        var received = body.count
        let message: String
        switch kind {
        case .timeout:
            message =
                "\(request): no complete answer within \(request.timeout) s "
                + "(connect timeout \(request.connectTimeout) s): \(detail). "
                + "Check that the server is up and not overloaded, or raise the timeout."
        case .connect:
            message = "\(request): could not connect: \(detail). Check the host, the port and that the server is up."
        case .tooLarge:
            received = overflow?.bytes ?? body.count
            var declared: Int64 = -1
            _ = CCurl_easy_getinfo_int64(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared)
            let what =
                overflow.map { "the \($0.what) passed the cap after \($0.bytes) bytes" }
                ?? "the server declared \(declared) bytes"
            let cap = overflow?.what == "headers" ? Self.maxHeaderBytes : request.maxResponseBytes
            message =
                "\(request): response too large: \(what) (cap \(cap) bytes); the transfer was cut off. "
                + "Raise maxResponseBytes if this target really serves that much."
        case .tls:
            message =
                "\(request): TLS failed: \(detail). Check the server certificate and the system CA "
                + "certificates (verification is always on)."
        case .invalidURL:
            message = "\(request): the URL cannot be used: \(detail). Use http://host[:port]/path or https://…"
        case .other:
            message = "\(request): \(detail)."
        }
        return HTTPError(
            kind: kind,
            message: message,
            bytesReceived: received,
            duration: duration,
            curlCode: Int(code.rawValue)
        )
    }

    /// libcurl's detailed message for the failure, or its generic one for `code`.
    private func curlMessage(_ code: CURLcode) -> String {
        let detailed = String(cString: errorBuffer)
        let generic = String(cString: CCurl_easy_strerror(code))
        return detailed.isEmpty ? generic : "\(detailed) (curl \(code.rawValue))"
    }

    /// `text` with every credential of the request replaced, as a last line of defence.
    private func redacted(_ text: String) -> String {
        var result = text
        for header in request.headers where header.isSecret && header.value.count >= 4 {
            result = result.replacing(header.value, with: "<redacted>")
        }
        if request.redactedURL != request.url {
            result = result.replacing(request.url, with: request.redactedURL)
        }
        return result
    }

    /// Maps libcurl's result onto the error kinds callers react to (libcurl-errors(3)).
    static func kind(of code: CURLcode, overflowed: Bool) -> HTTPError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connect
        case CURLE_FILESIZE_EXCEEDED:
            return .tooLarge
        case CURLE_WRITE_ERROR where overflowed:
            return .tooLarge
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL
        default:
            return .other
        }
    }
}

/// libcurl's write callback: a C function pointer, so it captures nothing; the transfer
/// travels in `userdata`. Returning less than `size * count` aborts with `CURLE_WRITE_ERROR`.
private let receiveBodyCallback: CCurl_write_callback = { data, size, count, userdata in
    let length = size * count
    guard let userdata else { return 0 }
    guard let data, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

/// libcurl's header callback, one call per header line; same rules as the write callback.
private let receiveHeaderCallback: CCurl_header_callback = { data, size, count, userdata in
    let length = size * count
    guard let userdata else { return 0 }
    guard let data, length > 0 else { return length }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}
