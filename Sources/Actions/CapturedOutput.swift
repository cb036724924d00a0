/// What a command wrote to one stream, up to the runner's cap.
public struct CapturedOutput: Sendable, Equatable {
    /// The first bytes written, at most the cap.
    public var bytes: [UInt8]
    /// True when the command wrote more than the cap; the rest was read and dropped.
    public var isTruncated: Bool

    public init(bytes: [UInt8] = [], isTruncated: Bool = false) {
        self.bytes = bytes
        self.isTruncated = isTruncated
    }

    /// The bytes as text, invalid UTF-8 (or a character cut by the cap) replaced by U+FFFD.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
