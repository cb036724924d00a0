/// Where a model server is asked: its base URL, which the health and identity paths (`/health`,
/// `/v1/models`, `/version`, …) are appended to, and the URL of its metrics page.
///
/// One rule for a config's `url:` and `metrics_path:` and for `llmdeck probe URL [--metrics-path]`:
/// - a URL without a path (`http://host:8000`, or with a trailing `/`) is the server's root; the
///   metrics page is `/metrics` under it;
/// - a URL with any other path (`http://host:8000/metrics`, Triton's `http://host:8002/metrics`) is
///   the metrics page itself, and the other endpoints are asked at the server's root
///   (`scheme://host:port`);
/// - with a metrics path given, the URL is a base (a path there is a prefix, as behind a proxy
///   that serves the server under `/vllm-a`): the metrics path is appended to it, or used as it is
///   when it is an absolute `http(s)://` URL.
public struct ServerEndpoints: Sendable, Equatable {
    /// Without a trailing slash.
    public var baseURL: String
    public var metricsURL: String

    /// The metrics page under a root URL when neither a path nor `metrics_path` says otherwise.
    public static let defaultMetricsPath = "/metrics"

    public init(url: String, metricsPath: String? = nil) {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let metricsPath else {
            let (root, rest) = Self.split(url)
            baseURL = root
            metricsURL = rest.isEmpty || rest == "/" ? root + Self.defaultMetricsPath : url
            return
        }
        baseURL = trimmed
        metricsURL =
            Self.isAbsolute(metricsPath)
            ? metricsPath : trimmed + (metricsPath.hasPrefix("/") ? metricsPath : "/" + metricsPath)
    }

    /// Whether `text` is an absolute `http://` or `https://` URL rather than a path.
    public static func isAbsolute(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }

    /// Whether `text` can be a metrics path: a path starting with `/`, or an absolute `http(s)://`
    /// URL, without whitespace.
    public static func isMetricsPath(_ text: String) -> Bool {
        (text.hasPrefix("/") || isAbsolute(text)) && !text.contains(where: \.isWhitespace)
    }

    /// `scheme://authority` and what follows it (path, query, fragment), e.g. `http://h:8002` and
    /// `/metrics`; a text without `://` is all root.
    static func split(_ url: String) -> (root: String, rest: Substring) {
        guard let scheme = url.range(of: "://") else { return (url, "") }
        let authorityEnd = url[scheme.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        return (String(url[..<authorityEnd]), url[authorityEnd...])
    }
}
