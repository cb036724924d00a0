import Vocabulary

/// A horizontal bar for a fraction (KV-cache use, error budget) with a label inside: `████▌   73%`.
public struct Gauge: Sendable {
    /// 0–1; values outside are clamped, non-finite values show an empty bar.
    public var fraction: Double
    /// Text drawn over the right end of the bar; nil → the percentage.
    public var label: String?
    public var role: StyleRole
    public var glyphs: GlyphSet

    public init(fraction: Double, label: String? = nil, role: StyleRole = .ok, glyphs: GlyphSet = .unicode) {
        self.fraction = fraction
        self.label = label
        self.role = role
        self.glyphs = glyphs
    }

    private static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func draw(into grid: inout CellGrid, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let text = label ?? (fraction.isFinite ? "\(Int((min(max(fraction, 0), 1) * 100).rounded()))%" : "-")
        let labelWidth = min(DisplayWidth.of(TextSanitizer.sanitize(text)) + 1, rect.width)
        let barWidth = rect.width - labelWidth
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let eighthsFilled = Int((clamped * Double(barWidth * 8)).rounded())
        let style = Style(role)
        for column in 0..<max(0, barWidth) {
            let filled = min(8, max(0, eighthsFilled - column * 8))
            let character: Character
            switch glyphs {
            case .unicode: character = filled == 8 ? "█" : Gauge.eighths[filled]
            case .ascii: character = filled >= 4 ? "#" : "."
            }
            grid.placeNarrow(character, x: rect.x + column, y: rect.y, style: style)
        }
        grid.put(text, x: rect.x + barWidth, y: rect.y, width: labelWidth, style: Style(.text), alignment: .right)
    }
}
