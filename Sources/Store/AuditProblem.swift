/// Something wrong with the audit trail, found by `AuditChain.verify`: which row, what kind of
/// tampering it points to, and a sentence a person can act on.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// What the chain shows.
    public enum Kind: String, Sendable {
        /// A row's content no longer matches its hash: it was edited after it was written.
        case changed
        /// Row ids are missing: rows were deleted.
        case missing
        /// Rows are not in the order they were appended.
        case reordered
        /// A row's successor does not link to it: it was replaced, or edited and its hash
        /// recomputed.
        case unlinked
    }

    /// The row the problem is about (the first missing id for deleted rows).
    public var id: Int64
    public var kind: Kind
    /// The problem in words, naming the rows.
    public var message: String

    public init(id: Int64, kind: Kind, message: String) {
        self.id = id
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
