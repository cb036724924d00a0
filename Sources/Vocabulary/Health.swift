/// What one poll of a deployment found: recorded in the store's `scrapes` table, shown by every
/// reader (`status`, `status --json`, the console) under its raw value.
public enum Health: String, Sendable, CaseIterable, Codable {
    /// Health and metrics answered and parsed.
    case up
    /// Connection refused, timeout, or the health endpoint reported the server unhealthy.
    case down
    /// The server is healthy but its metrics are missing, partial or unusable.
    case degraded
    /// The answer was not an exposition: HTML, a parse error, or over the size cap.
    case badPayload = "bad_payload"

    /// Whether the poll counts as a failure for backoff.
    public var isFailure: Bool { self == .down || self == .badPayload }

    /// Whether the server answered: it serves traffic even when its metrics are unusable.
    public var isReachable: Bool { self == .up || self == .degraded }
}
