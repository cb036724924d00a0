import Testing

@testable import Terminal

struct TableTests {
    private let columns = [
        TableColumn("NAME", width: 8, priority: 0, isFlexible: true),
        TableColumn("REQ/S", width: 6, alignment: .right, priority: 1),
        TableColumn("P95", width: 6, alignment: .right, priority: 0),
        TableColumn("KV%", width: 4, alignment: .right, priority: 3),
        TableColumn("MODEL", width: 10, priority: 2),
    ]

    private var rows: [[TableCell]] {
        [
            ["chat-a", "12.5", "310ms", "41", "llama-3-8b"],
            ["chat-b", "3.0", "1.2s", "88", "qwen2-7b"],
            ["embed", "140", "45ms", "12", "bge-m3"],
        ]
    }

    private func render(_ table: Table, width: Int, height: Int) -> String {
        var grid = CellGrid(width: width, height: height)
        table.draw(into: &grid, in: grid.bounds)
        return TextBackend.render(grid)
    }

    @Test func wideTerminalShowsEveryColumnWithSortIndicator() {
        let table = Table(columns: columns, rows: rows, sortColumn: 2, sortAscending: false)
        let expected = """
            NAME        REQ/S   P95▼  KV% MODEL
            chat-a       12.5  310ms   41 llama-3-8b
            chat-b        3.0   1.2s   88 qwen2-7b
            embed         140   45ms   12 bge-m3
            """
        #expect(render(table, width: 40, height: 4) == expected)
    }

    @Test func narrowTerminalDropsLowPriorityColumnsFirst() {
        let table = Table(columns: columns, rows: rows)
        #expect(table.layout(width: 33).map(\.column) == [0, 1, 2, 4])
        #expect(table.layout(width: 25).map(\.column) == [0, 1, 2])
        #expect(table.layout(width: 18).map(\.column) == [0, 2])
        let expected = """
            NAME            P95
            chat-a        310ms
            """
        #expect(render(table, width: 19, height: 2) == expected)
    }

    @Test func selectionIsHighlightedAndScrolledIntoView() {
        var state = ScrollState(selected: 0)
        state.move(by: 2, count: 3)
        let table = Table(columns: columns, rows: rows, state: state)
        var grid = CellGrid(width: 40, height: 3)
        let used = table.draw(into: &grid, in: grid.bounds)
        #expect(used.offset == 1)
        #expect(TextBackend.render(grid).split(separator: "\n").last?.hasPrefix("embed") == true)
        #expect(grid[0, 2].style == .selected)
        #expect(grid[0, 1].style != .selected)
    }

    @Test func cellRolesColourValues() {
        let table = Table(
            columns: [TableColumn("P95", width: 5)],
            rows: [[TableCell("2.1s", role: .critical)]],
            state: ScrollState(selected: nil)
        )
        var grid = CellGrid(width: 5, height: 2)
        table.draw(into: &grid, in: grid.bounds)
        #expect(grid[0, 1].style.foreground == .critical)
    }

    @Test func scrollStateKeepsOffsetWhenSelectionVisible() {
        let state = ScrollState(selected: 5, offset: 3)
        #expect(state.adjustedOffset(visibleRows: 4, count: 100) == 3)
        #expect(ScrollState(selected: 9, offset: 3).adjustedOffset(visibleRows: 4, count: 100) == 6)
        #expect(ScrollState(selected: 1, offset: 3).adjustedOffset(visibleRows: 4, count: 100) == 1)
        #expect(ScrollState(selected: 0, offset: 50).adjustedOffset(visibleRows: 4, count: 3) == 0)
    }
}
