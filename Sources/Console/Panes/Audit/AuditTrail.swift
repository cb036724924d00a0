/// One read of the audit trail for the Audit pane: the newest rows first, or why it could not be
/// read.
public struct AuditTrail: Sendable, Equatable {
    public var rows: [AuditRow]
    public var error: String?

    public init(rows: [AuditRow], error: String? = nil) {
        self.rows = rows
        self.error = error
    }

    /// Rows the pane asks for: the newest ones (the whole trail is `llmdeck audit`'s).
    public static let limit = 500
}
