/// Checks a request before any libcurl call, so bad input gets a precise message.
///
/// Control characters are refused in the URL and in headers: a CR or LF in a header value
/// would let a config value inject headers, and a NUL would silently cut a C string short.
enum RequestValidation {
    /// Methods the client sends; others are refused rather than passed through blindly.
    static let methods: Set<String> = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]

    /// Longest timeout accepted, in seconds (one day): longer is a unit mistake, not a wish.
    static let maxSeconds = 86_400.0

    /// What is wrong with `request`, or nil when libcurl may have it.
    static func problem(in request: HTTPRequest) -> String? {
        let lowered = request.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            return "the URL must start with http:// or https://"
        }
        if request.url.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }) {
            return "the URL contains a space or a control character"
        }
        guard methods.contains(request.method.uppercased()) else {
            return "unsupported method \"\(request.method)\"; use one of \(methods.sorted().joined(separator: ", "))"
        }
        if request.method.uppercased() == "HEAD", request.body != nil {
            return "a HEAD request cannot carry a body"
        }
        for header in request.headers {
            let isToken = !header.name.isEmpty && header.name.utf8.allSatisfy(isTokenByte)
            guard isToken else {
                return "header name \"\(header.isSecret ? "<redacted>" : header.name)\" is not a valid HTTP token"
            }
            if header.value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
                return "header \(header.name) contains a line break or a control character"
            }
        }
        if let problem = secondsProblem(request.timeout, name: "timeout") { return problem }
        if let problem = secondsProblem(request.connectTimeout, name: "connect timeout") { return problem }
        guard request.maxResponseBytes > 0 else {
            return "maxResponseBytes must be positive, got \(request.maxResponseBytes)"
        }
        return nil
    }

    private static func secondsProblem(_ seconds: Double, name: String) -> String? {
        guard seconds.isFinite, seconds > 0, seconds <= maxSeconds else {
            return "\(name) must be between 0 and \(Int(maxSeconds)) seconds, got \(seconds)"
        }
        return nil
    }

    /// RFC 9110 §5.6.2 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
