import Testing

@testable import Terminal

struct WidgetTests {
    private func draw(width: Int, height: Int, _ body: (inout CellGrid) -> Void) -> String {
        var grid = CellGrid(width: width, height: height)
        body(&grid)
        return TextBackend.render(grid)
    }

    @Test func borderBoxDrawsTitleAndReturnsInnerRegion() {
        var inner = Rect(x: 0, y: 0, width: 0, height: 0)
        let text = draw(width: 12, height: 3) { grid in
            inner = BorderBox(title: "Fleet").draw(into: &grid, in: grid.bounds)
        }
        #expect(text == "┌ Fleet ───┐\n│          │\n└──────────┘")
        #expect(inner == Rect(x: 1, y: 1, width: 10, height: 1))
        let ascii = draw(width: 8, height: 3) {
            BorderBox(title: "Latency", glyphs: .ascii).draw(into: &$0, in: $0.bounds)
        }
        #expect(ascii == "+ Lat…-+\n|      |\n+------+")
    }

    @Test func sparklineScalesToEightLevels() {
        let line = Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7, nil, 7], valueRange: 0...7)
        #expect(draw(width: 10, height: 1) { line.draw(into: &$0, in: $0.bounds) } == "▁▂▃▄▅▆▇█ █")
        let short = Sparkline(values: [1, 2], valueRange: 0...2)
        #expect(draw(width: 4, height: 1) { short.draw(into: &$0, in: $0.bounds) } == "  ▅█")
    }

    @Test func gaugeFillsInEighthsWithPercentLabel() {
        let gauge = Gauge(fraction: 0.55)
        #expect(draw(width: 10, height: 1) { gauge.draw(into: &$0, in: $0.bounds) } == "███▎   55%")
        let ascii = Gauge(fraction: 1, role: .critical, glyphs: .ascii)
        #expect(draw(width: 9, height: 1) { ascii.draw(into: &$0, in: $0.bounds) } == "#### 100%")
    }

    @Test func dialogFocusMovesAndEnterChooses() {
        var dialog = Dialog(title: "Rollback", message: ["chat-a v7 → v6?"], buttons: ["Cancel", "Roll back"])
        #expect(dialog.focus == 0)
        #expect(dialog.handle(.tab) == .pending)
        #expect(dialog.focus == 1)
        #expect(dialog.handle(.right) == .pending)
        #expect(dialog.focus == 0)
        #expect(dialog.handle(.left) == .pending)
        #expect(dialog.handle(.enter) == .chosen(1))
        #expect(dialog.handle(.escape) == .dismissed)
    }

    @Test func dialogDrawsCentredWithFocusedButtonReversed() {
        let dialog = Dialog(title: "Quit", message: ["Leave llmdeck?"], buttons: ["No", "Yes"])
        var grid = CellGrid(width: 30, height: 8)
        dialog.draw(into: &grid, in: grid.bounds)
        let expected = [
            "",
            "   ┌ Quit ────────────────┐",
            "   │ Leave llmdeck?       │",
            "   │                      │",
            "   │                      │",
            "   │ [ No ] [ Yes ]       │",
            "   └──────────────────────┘",
            "",
        ]
        #expect(TextBackend.render(grid) == expected.joined(separator: "\n"))
        #expect(grid[5, 5].style.attributes.contains(.reverse))
        #expect(!grid[12, 5].style.attributes.contains(.reverse))
    }

    @Test func textInputEditsWithCursorKeysAndHistory() {
        var input = TextInput(history: ["fleet"])
        for character in "thme" { _ = input.handle(.character(character)) }
        _ = input.handle(.left)
        _ = input.handle(.left)
        _ = input.handle(.character("e"))
        #expect(input.text == "theme")
        #expect(input.cursor == 3)
        _ = input.handle(.end)
        _ = input.handle(.character(" "))
        for character in "nord" { _ = input.handle(.character(character)) }
        _ = input.handle(.control("w"))
        #expect(input.text == "theme ")
        _ = input.handle(.backspace)
        #expect(input.handle(.enter) == .submitted("theme"))
        #expect(input.history == ["fleet", "theme"])
        _ = input.handle(.up)
        #expect(input.text == "theme")
        _ = input.handle(.up)
        #expect(input.text == "fleet")
        _ = input.handle(.down)
        _ = input.handle(.down)
        #expect(input.text == "")
        #expect(input.handle(.escape) == .cancelled)
        #expect(input.handle(.pageDown) == .ignored)
    }

    @Test func textInputSanitizesPastedControls() {
        var input = TextInput()
        _ = input.handle(.character("\u{1b}"))
        #expect(input.text == "␛")
    }

    @Test func textInputScrollsToKeepTheCursorVisible() {
        let input = TextInput(text: "abcdefghij")
        let text = draw(width: 8, height: 1) { input.draw(into: &$0, in: $0.bounds, prompt: ":") }
        #expect(text == ":efghij")
        var grid = CellGrid(width: 8, height: 1)
        input.draw(into: &grid, in: grid.bounds, prompt: ":")
        #expect(grid[7, 0].style.attributes.contains(.reverse))
    }

    @Test func listScrollsAndShowsMoreIndicators() {
        let items = (1...10).map { TableCell("item \($0)") }
        let list = ListView(items: items, state: ScrollState(selected: 5))
        var grid = CellGrid(width: 10, height: 3)
        let used = list.draw(into: &grid, in: grid.bounds)
        #expect(used.offset == 3)
        #expect(TextBackend.render(grid) == "item 4   ▲\nitem 5\nitem 6   ▼")
        #expect(grid[0, 2].style == .selected)
    }
}
