import Fleet

/// What the rollback dialog shows: the deployment, current → target with when each was live,
/// the figures now against the target's last hour, the open alerts, and the exact command or
/// request (secrets masked), or why there is none.
public struct RollbackProposal: Sendable, Equatable {
    /// One version and when the deployment served it (milliseconds since the Unix epoch).
    public struct Version: Sendable, Equatable {
        public var version: String
        public var model: String
        public var from: Int64
        public var until: Int64

        public init(version: String, model: String, from: Int64, until: Int64) {
            self.version = version
            self.model = model
            self.from = from
            self.until = until
        }
    }

    /// Seconds and a ratio 0–1; nil where the deployment exports none or served nothing.
    public struct Figures: Sendable, Equatable {
        public var p95: Double?
        public var ttftP95: Double?
        public var errorRatio: Double?
        public var requestsPerSecond: Double?

        public init(p95: Double?, ttftP95: Double?, errorRatio: Double?, requestsPerSecond: Double?) {
            self.p95 = p95
            self.ttftP95 = ttftP95
            self.errorRatio = errorRatio
            self.requestsPerSecond = requestsPerSecond
        }
    }

    public var deployment: String
    public var environment: String
    /// Confirming needs the deployment's name typed.
    public var isProduction: Bool
    public var current: Version
    public var target: Version
    /// Every version the deployment can go back to, most recently served first (the target
    /// among them): what Up/Down on the target line pick from.
    public var candidates: [Version]
    /// The current version's last 5 minutes.
    public var now: Figures
    /// The target's last hour of service.
    public var before: Figures
    public var openAlerts: [AlertRecord]
    /// The exact command or request, secrets masked; nil when there is none (`requestProblem`).
    public var request: String?
    /// Why there is no request: no `rollback:` configured (and how to add one), or a template
    /// that cannot be rendered.
    public var requestProblem: String?
    /// The reason `request` was rendered with.
    public var reason: String

    public init(
        deployment: String,
        environment: String,
        isProduction: Bool,
        current: Version,
        target: Version,
        candidates: [Version],
        now: Figures,
        before: Figures,
        openAlerts: [AlertRecord] = [],
        request: String?,
        requestProblem: String? = nil,
        reason: String = ""
    ) {
        self.deployment = deployment
        self.environment = environment
        self.isProduction = isProduction
        self.current = current
        self.target = target
        self.candidates = candidates
        self.now = now
        self.before = before
        self.openAlerts = openAlerts
        self.request = request
        self.requestProblem = requestProblem
        self.reason = reason
    }
}
