/// A bordered box with an optional title in the top edge: `┌ Latency ───┐`.
public struct BorderBox: Sendable {
    public var title: String
    public var borderStyle: Style
    public var titleStyle: Style
    public var glyphs: GlyphSet

    public init(
        title: String = "",
        borderStyle: Style = Style(.border),
        titleStyle: Style = Style(.title, attributes: [.bold]),
        glyphs: GlyphSet = .unicode
    ) {
        self.title = title
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.glyphs = glyphs
    }

    /// Draws the border in `rect` and returns the inner region (empty when `rect` is < 2×2).
    @discardableResult
    public func draw(into grid: inout CellGrid, in rect: Rect) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        for column in rect.x + 1..<right {
            grid.placeNarrow(glyphs.horizontal, x: column, y: rect.y, style: borderStyle)
            grid.placeNarrow(glyphs.horizontal, x: column, y: bottom, style: borderStyle)
        }
        for row in rect.y + 1..<bottom {
            grid.placeNarrow(glyphs.vertical, x: rect.x, y: row, style: borderStyle)
            grid.placeNarrow(glyphs.vertical, x: right, y: row, style: borderStyle)
        }
        grid.placeNarrow(glyphs.topLeft, x: rect.x, y: rect.y, style: borderStyle)
        grid.placeNarrow(glyphs.topRight, x: right, y: rect.y, style: borderStyle)
        grid.placeNarrow(glyphs.bottomLeft, x: rect.x, y: bottom, style: borderStyle)
        grid.placeNarrow(glyphs.bottomRight, x: right, y: bottom, style: borderStyle)
        if !title.isEmpty, rect.width >= 6 {
            grid.put(" " + title + " ", x: rect.x + 1, y: rect.y, width: rect.width - 3, style: titleStyle)
        }
        return rect.inset(by: 1)
    }
}
