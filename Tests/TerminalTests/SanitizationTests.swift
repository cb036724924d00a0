import Testing
import Vocabulary

@testable import Terminal

struct SanitizationTests {
    private func render(_ build: (inout CellGrid) -> Void, width: Int = 20, height: Int = 1) -> String {
        var grid = CellGrid(width: width, height: height)
        build(&grid)
        return TextBackend.render(grid)
    }

    @Test func hostileModelNameRendersAsHarmlessTextInTheRightCells() {
        var bytes = Array("m\u{1b}[2J\u{202E}x".utf8)
        bytes += [0xff, 0xfe]
        bytes += Array("宽".utf8)
        var grid = CellGrid(width: 14, height: 1)
        let written = grid.put(bytes: bytes, x: 0, y: 0)
        let text = TextBackend.render(grid)
        #expect(text == "m␛[2J�x��宽")  // 0xff and 0xfe are two maximal invalid subsequences
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
        #expect(written == 11)
        #expect(grid[9, 0].character == "宽")
        #expect(grid[10, 0].isContinuation)
    }

    @Test func controlCharactersBecomeControlPictures() {
        #expect(TextSanitizer.sanitize("a\u{7}b\nc\u{7f}\td") == "a␇b␊c␡ d")
    }

    @Test func c1ControlsAndBidiControlsBecomeReplacementCharacters() {
        let hostile = "\u{9b}2J \u{202A}\u{202D}\u{2066}\u{2069}\u{200E}"
        #expect(TextSanitizer.sanitize(hostile) == "\u{FFFD}2J \u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func oscTitleAndHyperlinkPayloadsHaveNoEscapeLeft() {
        let payloads = ["\u{1b}]0;PWNED\u{7}", "\u{1b}]52;c;ZXZpbA==\u{7}", "\u{1b}]8;;http://x\u{7}link", "a\rb"]
        for payload in payloads {
            let text = render { $0.put(payload, x: 0, y: 0) }
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) })
        }
    }

    @Test func invisibleFormatCharactersAreDroppedButEmojiJoinersKept() {
        #expect(TextSanitizer.sanitize("a\u{200B}b") == "ab")
        let family = "👨\u{200D}👩"
        #expect(TextSanitizer.sanitize(family) == family)
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(TextSanitizer.sanitize(bytes: [0x61, 0xc3, 0x28, 0x62]) == "a\u{FFFD}(b")
    }

    @Test func combiningMarksAttachToTheirBase() {
        var grid = CellGrid(width: 5, height: 1)
        let written = grid.put("e\u{301}x", x: 0, y: 0)
        #expect(written == 2)
        #expect(grid[0, 0].character == "e\u{301}")
        #expect(grid[1, 0].character == "x")
    }
}
