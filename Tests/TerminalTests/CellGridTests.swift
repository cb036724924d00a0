import Testing

@testable import Terminal

struct CellGridTests {
    @Test func wideCharacterIsNeverSplitAtTheClipEdge() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("ab宽字", x: 0, y: 0, width: 5, overflow: .clip)
        #expect(TextBackend.render(grid) == "ab宽")
        #expect(!grid[4, 0].isContinuation)
    }

    @Test func truncationEndsWithEllipsisAndPadsAroundWideCharacters() {
        var grid = CellGrid(width: 8, height: 1)
        grid.put("deployment-name", x: 0, y: 0, width: 6)
        #expect(TextBackend.render(grid) == "deplo…")
        var wide = CellGrid(width: 8, height: 1)
        wide.put("宽宽宽宽", x: 0, y: 0, width: 6)
        #expect(TextBackend.render(wide) == "宽宽 …")
    }

    @Test func rightAndCentreAlignmentPlaceTextInTheField() {
        var grid = CellGrid(width: 10, height: 2)
        grid.put("42", x: 0, y: 0, width: 6, alignment: .right)
        grid.put("ok", x: 0, y: 1, width: 6, alignment: .center)
        #expect(TextBackend.render(grid) == "    42\n  ok")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 4, height: 1)
        grid.put("宽x", x: 0, y: 0)
        grid.put("y", x: 1, y: 0)
        #expect(TextBackend.render(grid) == " yx")
        #expect(!grid[1, 0].isContinuation)
    }

    @Test func wideCharacterAtTheRightGridEdgeBecomesASpace() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("ab宽", x: 0, y: 0, overflow: .clip)
        #expect(TextBackend.render(grid, trimTrailingSpaces: false) == "ab ")
    }

    @Test func drawingOutsideTheGridIsClipped() {
        var grid = CellGrid(width: 3, height: 1)
        grid.put("abc", x: -1, y: 0)
        grid.put("zzz", x: 0, y: 5)
        grid.fill(Rect(x: 2, y: 0, width: 10, height: 10), with: "#")
        #expect(TextBackend.render(grid) == "bc#")
    }

    @Test func fillSanitizesItsCharacter() {
        var grid = CellGrid(width: 2, height: 1)
        grid.fill(grid.bounds, with: "\u{1b}")
        #expect(TextBackend.render(grid) == "␛␛")
    }

    @Test func styleLayerShowsRolesAndSelection() {
        var grid = CellGrid(width: 4, height: 2)
        grid.put("ok", x: 0, y: 0, style: Style(.ok))
        grid.put("!!", x: 2, y: 0, style: Style(.critical))
        grid.fill(Rect(x: 0, y: 1, width: 4, height: 1), style: .selected)
        let layer = TextBackend.renderStyles(grid, codes: [.ok: "g", .critical: "r"])
        #expect(layer == "ggrr\n****")
    }
}
