/// One action taken on the fleet (or refused, or only rehearsed), as the audit trail keeps it:
/// who, what, on which deployment or experiment, why, the exact request and what came of it.
///
/// The trail is append-only: an entry is never changed once appended; a later outcome (a
/// verification after a rollback) is a new entry whose `refersTo` names the earlier row.
public struct AuditEntry: Sendable, Equatable {
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    /// Who acted: the user name, or what acted for them.
    public var actor: String
    /// What was done, e.g. `rollback`, `promote`, `experiment-rollback`, `verify`.
    public var action: String
    /// `deployment` or `experiment`.
    public var subjectKind: String
    /// The deployment's or experiment's name.
    public var subject: String
    /// The version the subject ran before the action, when the action changes versions.
    public var fromVersion: String?
    /// The version the action moves the subject to.
    public var toVersion: String?
    /// Why, in the actor's words.
    public var reason: String
    /// The exact command or HTTP request, with secrets already masked by the caller.
    public var request: String
    /// What came of it, e.g. `dry-run`, `done`, `failed`, `refused`, `verified`,
    /// `version unchanged`, `still unhealthy`.
    public var outcome: String
    /// The exit code or HTTP status, as text.
    public var status: String?
    /// An excerpt of the command's output or the response body.
    public var output: String?
    /// JSON text of the figures shown when the action was confirmed.
    public var evidence: String?
    /// The audit row this one is about (a `verify` row names its action's row).
    public var refersTo: Int64?

    public init(
        time: Int64,
        actor: String,
        action: String,
        subjectKind: String,
        subject: String,
        fromVersion: String? = nil,
        toVersion: String? = nil,
        reason: String,
        request: String,
        outcome: String,
        status: String? = nil,
        output: String? = nil,
        evidence: String? = nil,
        refersTo: Int64? = nil
    ) {
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
