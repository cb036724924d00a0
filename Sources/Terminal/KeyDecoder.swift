import CNcursesw

/// Turns what `wget_wch` returns into a `Key`; pure, so it is tested without a terminal.
public enum KeyDecoder {
    /// Mouse button state from `getmouse`, needed only for `KEY_MOUSE`.
    public struct MouseEvent: Sendable {
        public var x: Int
        public var y: Int
        public var buttonState: UInt

        public init(x: Int, y: Int, buttonState: UInt) {
            self.x = x
            self.y = y
            self.buttonState = buttonState
        }
    }

    /// Decodes one `wget_wch` result.
    /// - Parameters:
    ///   - status: `OK` for a character, `KEY_CODE_YES` for a function key (ncurses constants).
    ///   - code: the `wint_t` written by `wget_wch`.
    ///   - mouse: the `getmouse` event when `code` is `KEY_MOUSE`.
    public static func decode(status: Int32, code: UInt32, mouse: MouseEvent? = nil) -> Key {
        if status == KEY_CODE_YES { return decodeFunctionKey(Int32(bitPattern: code), mouse: mouse) }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code + 96))))
        case 0, 28...31: return .unknown(Int(code))
        default:
            guard let scalar = Unicode.Scalar(code) else { return .unknown(Int(code)) }
            return .character(Character(scalar))
        }
    }

    private static func decodeFunctionKey(_ code: Int32, mouse: MouseEvent?) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return decodeMouse(mouse)
        case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
        default: return .unknown(Int(code))
        }
    }

    private static func decodeMouse(_ mouse: MouseEvent?) -> Key {
        guard let mouse else { return .unknown(Int(KEY_MOUSE)) }
        if mouse.buttonState & UInt(CNcursesw_button4_pressed()) != 0 { return .mouseWheelUp }
        if mouse.buttonState & UInt(CNcursesw_button5_pressed()) != 0 { return .mouseWheelDown }
        if mouse.buttonState & UInt(CNcursesw_button1_released() | CNcursesw_button1_clicked()) != 0 {
            return .mouseClick(x: mouse.x, y: mouse.y)
        }
        return .unknown(Int(KEY_MOUSE))
    }
}
