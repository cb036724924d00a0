/// A key press or terminal event, independent of ncurses.
public enum Key: Sendable, Hashable {
    /// A printable character, including non-ASCII (`é`, `宽`).
    case character(Character)
    /// Ctrl plus a letter, lowercase (`.control("c")` for Ctrl-C when the terminal delivers it).
    case control(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    /// F1–F24 (1-based).
    case function(Int)
    case enter, escape, tab, backTab, backspace
    case mouseWheelUp, mouseWheelDown
    /// A mouse click at a cell (0-based column, row).
    case mouseClick(x: Int, y: Int)
    /// The terminal changed size; read the new size from the backend.
    case resize
    /// A code ncurses reported that llmdeck does not use.
    case unknown(Int)
}
