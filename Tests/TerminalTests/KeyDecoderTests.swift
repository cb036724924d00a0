import CNcursesw
import Testing

@testable import Terminal

struct KeyDecoderTests {
    private func character(_ code: UInt32) -> Key { KeyDecoder.decode(status: OK, code: code) }
    private func function(_ code: Int32) -> Key { KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(code)) }

    @Test func decodesCharactersIncludingNonASCII() {
        #expect(character(0x71) == .character("q"))
        #expect(character(0xe9) == .character("é"))
        #expect(character(0x5bbd) == .character("宽"))
    }

    @Test func decodesControlKeys() {
        #expect(character(13) == .enter)
        #expect(character(10) == .enter)
        #expect(character(9) == .tab)
        #expect(character(27) == .escape)
        #expect(character(127) == .backspace)
        #expect(character(3) == .control("c"))
        #expect(character(21) == .control("u"))
    }

    @Test func decodesFunctionKeysAndResize() {
        #expect(function(KEY_UP) == .up)
        #expect(function(KEY_NPAGE) == .pageDown)
        #expect(function(KEY_PPAGE) == .pageUp)
        #expect(function(KEY_HOME) == .home)
        #expect(function(KEY_END) == .end)
        #expect(function(KEY_BTAB) == .backTab)
        #expect(function(KEY_DC) == .delete)
        #expect(function(KEY_F0 + 1) == .function(1))
        #expect(function(KEY_F0 + 12) == .function(12))
        #expect(function(KEY_RESIZE) == .resize)
        #expect(function(KEY_BACKSPACE) == .backspace)
    }

    @Test func decodesMouseWheel() {
        let up = KeyDecoder.MouseEvent(x: 3, y: 4, buttonState: UInt(CNcursesw_button4_pressed()))
        let down = KeyDecoder.MouseEvent(x: 3, y: 4, buttonState: UInt(CNcursesw_button5_pressed()))
        let click = KeyDecoder.MouseEvent(x: 3, y: 4, buttonState: UInt(CNcursesw_button1_released()))
        #expect(KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(KEY_MOUSE), mouse: up) == .mouseWheelUp)
        #expect(KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(KEY_MOUSE), mouse: down) == .mouseWheelDown)
        #expect(
            KeyDecoder.decode(status: KEY_CODE_YES, code: UInt32(KEY_MOUSE), mouse: click) == .mouseClick(x: 3, y: 4)
        )
    }
}
