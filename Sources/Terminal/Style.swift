/// Text attributes that survive every colour depth, including monochrome.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let reverse = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
}

/// How one cell is drawn: a foreground role, a background role and attributes.
///
/// Colours are resolved by the backend from the theme, so a grid can be re-themed without redrawing.
public struct Style: Sendable, Hashable {
    public var foreground: StyleRole
    public var background: StyleRole
    public var attributes: TextAttributes

    public init(_ foreground: StyleRole = .text, background: StyleRole = .background, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()
    /// The selected row of a table or list: visible in monochrome through reverse + bold.
    public static let selected = Style(.selectionText, background: .selection, attributes: [.bold])

    /// The same style with extra attributes.
    public func with(_ extra: TextAttributes) -> Style {
        Style(foreground, background: background, attributes: attributes.union(extra))
    }

    /// True when this style marks a selection, which must stay visible without colour.
    public var isSelection: Bool { background == .selection }
}
