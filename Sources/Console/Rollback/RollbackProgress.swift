/// How a rollback in flight goes, step by step, for the status line.
public enum RollbackProgress: Sendable, Equatable {
    /// Nothing was done: the plan changed since the dialog showed it, or could not be made.
    case notPerformed(deployment: String, reason: String)
    /// The action ended: `outcome` is `done`, `failed` or `refused`; `detail` says how (`HTTP
    /// 200`, `exit 1`); `auditProblem` says why no audit row was written, if none was.
    case performed(
        deployment: String,
        outcome: String,
        detail: String,
        verifies: Bool,
        auditProblem: String?
    )
    /// Still watching; `remaining` milliseconds at most.
    case verifying(deployment: String, remaining: Int64)
    /// The verification's outcome (`verified`, `version unchanged`, `still unhealthy`) and
    /// what was seen.
    case verified(deployment: String, outcome: String, detail: String)

    public var deployment: String {
        switch self {
        case .notPerformed(let deployment, _), .performed(let deployment, _, _, _, _),
            .verifying(let deployment, _), .verified(let deployment, _, _):
            deployment
        }
    }
}
