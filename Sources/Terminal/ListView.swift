/// A scrolling list of lines with a selected line (help, completions, version history).
public struct ListView: Sendable {
    public var items: [TableCell]
    public var state: ScrollState

    public init(items: [TableCell], state: ScrollState = ScrollState()) {
        self.items = items
        self.state = state
    }

    /// Draws the visible items and a scroll indicator (`▲`/`▼` in the last column) when more
    /// items exist above or below; returns the scroll state used.
    @discardableResult
    public func draw(into grid: inout CellGrid, in rect: Rect) -> ScrollState {
        guard !rect.isEmpty else { return state }
        var used = state
        used.offset = state.adjustedOffset(visibleRows: rect.height, count: items.count)
        let hasMore = items.count > rect.height
        let textWidth = hasMore ? rect.width - 1 : rect.width
        for line in 0..<min(rect.height, items.count - used.offset) {
            let index = used.offset + line
            let y = rect.y + line
            let isSelected = index == used.selected
            let style = isSelected ? Style.selected : Style(items[index].role)
            if isSelected { grid.fill(Rect(x: rect.x, y: y, width: textWidth, height: 1), style: style) }
            grid.put(items[index].text, x: rect.x, y: y, width: textWidth, style: style)
        }
        if hasMore {
            let indicator = Style(.muted)
            if used.offset > 0 { grid.placeNarrow("▲", x: rect.maxX - 1, y: rect.y, style: indicator) }
            if used.offset + rect.height < items.count {
                grid.placeNarrow("▼", x: rect.maxX - 1, y: rect.maxY - 1, style: indicator)
            }
        }
        return used
    }
}
