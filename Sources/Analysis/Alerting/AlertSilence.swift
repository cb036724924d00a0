/// Mutes matching alerts between two times, with who and why, after Alertmanager's silences
/// (`createdBy` and `comment` required; `api/v2/openapi.yaml`). Matchers are equality on the
/// rule and the deployment; a silence naming neither mutes nothing, as Alertmanager requires at
/// least one matcher.
public struct AlertSilence: Sendable, Hashable, Codable {
    public var id: String
    /// The rule it mutes; `nil` mutes every rule on `deployment`.
    public var ruleID: String?
    /// The deployment it mutes; `nil` mutes `ruleID` on every deployment.
    public var deployment: String?
    public var createdBy: String
    /// Why; the console requires one.
    public var comment: String
    /// Milliseconds since the epoch; the silence mutes from here, inclusive…
    public var startsAt: Int64
    /// …to here, exclusive.
    public var endsAt: Int64
    /// The Alertmanager source holding it (a silence llmdeck made there); nil for llmdeck's own.
    public var alertmanager: String?

    public init(
        id: String,
        ruleID: String?,
        deployment: String?,
        createdBy: String,
        comment: String,
        startsAt: Int64,
        endsAt: Int64,
        alertmanager: String? = nil
    ) {
        self.id = id
        self.ruleID = ruleID
        self.deployment = deployment
        self.createdBy = createdBy
        self.comment = comment
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.alertmanager = alertmanager
    }

    /// Alertmanager's silence states.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Starts later.
        case pending
        case active
        case expired
    }

    public func status(at time: Int64) -> Status {
        if time >= endsAt {
            return .expired
        }
        return time < startsAt ? .pending : .active
    }

    /// Whether every matcher it has matches, and it has at least one.
    public func matches(ruleID: String, deployment: String) -> Bool {
        guard self.ruleID != nil || self.deployment != nil else {
            return false
        }
        return (self.ruleID ?? ruleID) == ruleID && (self.deployment ?? deployment) == deployment
    }

    /// Ends the silence at `time` if it would run longer (`:silences` → expire).
    public mutating func expire(at time: Int64) {
        endsAt = min(endsAt, time)
        startsAt = min(startsAt, endsAt)
    }
}
