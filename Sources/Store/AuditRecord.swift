/// An audit entry as stored: its row id and its link in the hash chain.
///
/// `hash` is `AuditChain.hash(id:entry:previousHash:)` of this row, and `previousHash` the
/// `hash` of the row before it (`AuditChain.genesisHash` for the first row), so changing,
/// removing or reordering a row breaks the chain from there on (`AuditChain.verify`).
public struct AuditRecord: Sendable, Equatable {
    public var id: Int64
    public var entry: AuditEntry
    /// The previous row's hash, 64 lowercase hexadecimal digits.
    public var previousHash: String
    /// SHA-256 of this row's canonical serialization, 64 lowercase hexadecimal digits.
    public var hash: String

    public init(id: Int64, entry: AuditEntry, previousHash: String, hash: String) {
        self.id = id
        self.entry = entry
        self.previousHash = previousHash
        self.hash = hash
    }
}
