/// A column of a `Table`: its title, size, alignment and how important it is.
public struct TableColumn: Sendable {
    public var title: String
    /// Cells the column needs; text beyond it is truncated with `…`.
    public var width: Int
    public var alignment: TextAlignment
    /// 0 is most important; when the table is too narrow the highest numbers go first.
    public var priority: Int
    /// A flexible column takes the width left over (one per table: the first flexible one).
    public var isFlexible: Bool

    public init(
        _ title: String,
        width: Int,
        alignment: TextAlignment = .left,
        priority: Int = 0,
        isFlexible: Bool = false
    ) {
        self.title = title
        self.width = max(1, width)
        self.alignment = alignment
        self.priority = priority
        self.isFlexible = isFlexible
    }
}

/// One cell of a table row: text and the role it is drawn in (thresholds colour values).
public struct TableCell: Sendable, ExpressibleByStringLiteral {
    public var text: String
    public var role: StyleRole

    public init(_ text: String, role: StyleRole = .text) {
        self.text = text
        self.role = role
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// Selection and scroll position of a table or list, kept in the app state between frames.
public struct ScrollState: Sendable, Equatable {
    /// Index of the selected row, nil when nothing is selected.
    public var selected: Int?
    /// Index of the first visible row.
    public var offset: Int

    public init(selected: Int? = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// The offset that keeps the selection visible in `visibleRows` rows of `count`, moving as
    /// little as possible from the current one.
    public func adjustedOffset(visibleRows: Int, count: Int) -> Int {
        guard visibleRows > 0, count > 0 else { return 0 }
        var result = min(max(0, offset), max(0, count - visibleRows))
        if let selected = selected.map({ min(max(0, $0), count - 1) }) {
            if selected < result { result = selected }
            if selected >= result + visibleRows { result = selected - visibleRows + 1 }
        }
        return result
    }

    /// Moves the selection by `delta` rows, clamped to `0..<count`.
    public mutating func move(by delta: Int, count: Int) {
        guard count > 0 else {
            selected = nil
            return
        }
        selected = min(max(0, (selected ?? 0) + delta), count - 1)
    }
}

/// A table with a header, sort indicator, selection and scrolling; columns with lower priority
/// disappear first when the region is too narrow (bottom's `data_table/column.rs` approach).
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var rows: [[TableCell]]
    /// Column the rows are sorted by (the caller sorts), shown with ▲ or ▼ in the header.
    public var sortColumn: Int?
    public var sortAscending: Bool
    public var state: ScrollState
    /// Cells between columns.
    public var spacing: Int

    public init(
        columns: [TableColumn],
        rows: [[TableCell]],
        sortColumn: Int? = nil,
        sortAscending: Bool = true,
        state: ScrollState = ScrollState(),
        spacing: Int = 1
    ) {
        self.columns = columns
        self.rows = rows
        self.sortColumn = sortColumn
        self.sortAscending = sortAscending
        self.state = state
        self.spacing = max(0, spacing)
    }

    /// Indices of the columns shown in `width` cells and their widths, in column order.
    public func layout(width: Int) -> [(column: Int, width: Int)] {
        var shown = Array(columns.indices)
        func needed(_ indices: [Int]) -> Int {
            indices.reduce(0) { $0 + columns[$1].width } + spacing * max(0, indices.count - 1)
        }
        while needed(shown) > width, shown.count > 1 {
            var drop = shown.count - 1
            for position in shown.indices.reversed()
            where columns[shown[position]].priority > columns[shown[drop]].priority {
                drop = position
            }
            shown.remove(at: drop)
        }
        var widths = shown.map { columns[$0].width }
        let spare = width - needed(shown)
        if let flexible = shown.firstIndex(where: { columns[$0].isFlexible }), spare > 0 {
            widths[flexible] += spare
        } else if spare < 0, let last = widths.indices.last {
            widths[last] = max(1, widths[last] + spare)
        }
        return Array(zip(shown, widths))
    }

    /// Draws the header on the first row and as many rows as fit below; returns the scroll state
    /// actually used (offset adjusted so the selection is visible) for the caller to keep.
    @discardableResult
    public func draw(into grid: inout CellGrid, in rect: Rect) -> ScrollState {
        guard !rect.isEmpty else { return state }
        let layout = layout(width: rect.width)
        var x = rect.x
        for (index, width) in layout {
            var title = columns[index].title
            if index == sortColumn { title += sortAscending ? "▲" : "▼" }
            grid.put(
                title,
                x: x,
                y: rect.y,
                width: width,
                style: Style(.header, attributes: [.bold]),
                alignment: columns[index].alignment
            )
            x += width + spacing
        }
        let visibleRows = rect.height - 1
        var used = state
        used.offset = state.adjustedOffset(visibleRows: visibleRows, count: rows.count)
        guard visibleRows > 0 else { return used }
        for line in 0..<min(visibleRows, rows.count - used.offset) {
            let rowIndex = used.offset + line
            let y = rect.y + 1 + line
            let isSelected = rowIndex == used.selected
            if isSelected { grid.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: .selected) }
            var x = rect.x
            for (index, width) in layout {
                let row = rows[rowIndex]
                if index < row.count {
                    let cell = row[index]
                    let style = isSelected ? Style.selected : Style(cell.role)
                    grid.put(cell.text, x: x, y: y, width: width, style: style, alignment: columns[index].alignment)
                }
                x += width + spacing
            }
        }
        return used
    }
}
