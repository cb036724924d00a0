/// One row of the audit trail as the Audit pane shows it (the store's `AuditRecord`, read by
/// the controller).
public struct AuditRow: Sendable, Equatable {
    public var id: Int64
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    public var actor: String
    /// `rollback`, `verify`, `guard-rollback`, `promote` …
    public var action: String
    /// `deployment` or `experiment`.
    public var subjectKind: String
    public var subject: String
    public var fromVersion: String?
    public var toVersion: String?
    public var reason: String
    /// The exact command or request, secrets masked.
    public var request: String
    /// `done`, `failed`, `refused`, `dry-run`, `verified`, `version unchanged`, `still unhealthy`.
    public var outcome: String
    /// The exit code or HTTP status, in words.
    public var status: String?
    public var output: String?
    /// The figures shown when it was confirmed (JSON text).
    public var evidence: String?
    /// The row this one is about (a verification names its rollback).
    public var refersTo: Int64?

    public init(
        id: Int64,
        time: Int64,
        actor: String,
        action: String,
        subjectKind: String,
        subject: String,
        fromVersion: String?,
        toVersion: String?,
        reason: String,
        request: String,
        outcome: String,
        status: String?,
        output: String?,
        evidence: String?,
        refersTo: Int64?
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.subjectKind = subjectKind
        self.subject = subject
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.reason = reason
        self.request = request
        self.outcome = outcome
        self.status = status
        self.output = output
        self.evidence = evidence
        self.refersTo = refersTo
    }
}
