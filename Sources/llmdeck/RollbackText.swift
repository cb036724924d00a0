import Actions
import Fleet
import Vocabulary

/// How `llmdeck rollback` prints a plan and its result; every string from the store, the
/// configuration or a command's output is sanitized.
enum RollbackText {
    static func plan(_ plan: RollbackPlan) -> String {
        let clean = { (text: String) in TextSanitizer.sanitize(text) }
        var lines = [
            "rollback \(clean(plan.deployment)) (\(clean(plan.environment)))",
            "  current \(clean(plan.current.version))  live since \(UTCTime.iso8601(milliseconds: plan.current.from))",
            "  target  \(clean(plan.target.version))  live \(UTCTime.iso8601(milliseconds: plan.target.from)) – \(UTCTime.iso8601(milliseconds: plan.target.until))",
            "  p95 \(seconds(plan.now.p95)) now vs \(seconds(plan.before.p95)) in the target's last hour;"
                + " TTFT p95 \(seconds(plan.now.ttftP95)) vs \(seconds(plan.before.ttftP95));"
                + " errors \(percent(plan.now.errorRatio)) vs \(percent(plan.before.errorRatio))",
        ]
        if plan.openAlerts.isEmpty {
            lines.append("  open alerts: none")
        } else {
            for alert in plan.openAlerts {
                lines.append("  alert \(alert.phase.rawValue): \(clean(alert.summary))")
            }
        }
        if let request = plan.request {
            lines.append("  will run:")
            lines.append(indented(request.display))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + TextSanitizer.sanitize(String($0)) }.joined(separator: "\n")
    }

    static func json(
        _ plan: RollbackPlan,
        outcome: ActionOutcome?,
        verification: RollbackVerification?,
        auditID: Int64?
    ) -> JSONValue {
        .object([
            "deployment": .string(plan.deployment),
            "environment": .string(plan.environment),
            "from": .string(plan.current.version),
            "to": .string(plan.target.version),
            "request": .string(plan.request?.display),
            "evidence": plan.evidence,
            "outcome": .string(outcome?.status.rawValue),
            "detail": .string(outcome?.detail),
            "output": .string(outcome?.output),
            "verification": verification.map {
                .object(["outcome": .string($0.outcome.rawValue), "detail": .string($0.detail)])
            } ?? .null,
            "audit_id": auditID.map { .integer($0) } ?? .null,
        ])
    }

    static let seconds = RollbackVerifier.seconds
    static let percent = RollbackVerifier.percent
}
