/// One terminal cell: a grapheme cluster and its style.
///
/// A wide character (CJK, most emoji) occupies its cell and the next one; the next one is a
/// continuation cell that backends skip.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style
    /// True for the right half of a wide character.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
