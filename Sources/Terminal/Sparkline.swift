/// A one-row chart of recent values with eight block heights (`▁▂▃▄▅▆▇█`), newest on the right.
public struct Sparkline: Sendable {
    /// Values oldest first; nil or non-finite values are gaps.
    public var values: [Double?]
    /// Fixed range; nil → from min(0, smallest) to the largest value.
    public var valueRange: ClosedRange<Double>?
    public var role: StyleRole
    public var glyphs: GlyphSet

    public init(
        values: [Double?],
        valueRange: ClosedRange<Double>? = nil,
        role: StyleRole = .series1,
        glyphs: GlyphSet = .unicode
    ) {
        self.values = values
        self.valueRange = valueRange
        self.role = role
        self.glyphs = glyphs
    }

    private static let levels: [Character] = Array("▁▂▃▄▅▆▇█")
    private static let asciiLevels: [Character] = Array("_.-=^")

    /// The characters of the last `width` values, right-aligned.
    public func characters(width: Int) -> [Character] {
        let shown = values.suffix(max(0, width))
        let finite = shown.compactMap { $0 }.filter(\.isFinite)
        let low = valueRange?.lowerBound ?? min(0, finite.min() ?? 0)
        let high = valueRange?.upperBound ?? (finite.max() ?? 1)
        let table = glyphs == .unicode ? Sparkline.levels : Sparkline.asciiLevels
        let padding = Array(repeating: Character(" "), count: max(0, width - shown.count))
        return padding
            + shown.map { value in
                guard let value, value.isFinite else { return " " }
                guard high > low else { return table[0] }
                let fraction = (min(max(value, low), high) - low) / (high - low)
                return table[Int((fraction * Double(table.count - 1)).rounded())]
            }
    }

    public func draw(into grid: inout CellGrid, in rect: Rect) {
        guard !rect.isEmpty else { return }
        for (offset, character) in characters(width: rect.width).enumerated() {
            grid.placeNarrow(character, x: rect.x + offset, y: rect.y, style: Style(role))
        }
    }
}
