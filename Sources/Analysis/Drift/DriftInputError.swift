/// Counts that cannot be compared: the caller passed something other than two windows of
/// per-bucket counts over one bucket layout.
public struct DriftInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: String, Sendable, Hashable {
        /// No buckets at all.
        case emptyLayout
        /// The bounds and the two windows' counts differ in length.
        case lengthMismatch
        /// A bound is NaN, or not above the one before it.
        case unorderedBounds
        /// A count is negative, NaN or infinite.
        case invalidCount
    }

    public let kind: Kind
    /// The bucket at fault (0-based), when there is one.
    public let bucketIndex: Int?
    /// What went wrong and what to pass instead.
    public let description: String

    public init(kind: Kind, bucketIndex: Int? = nil, description: String) {
        self.kind = kind
        self.bucketIndex = bucketIndex
        self.description = description
    }
}
