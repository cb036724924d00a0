import Vocabulary

/// A centred modal box with a message and buttons; the focused button is shown reversed.
///
/// Focus starts where the caller says (Cancel for anything dangerous, as k9s does).
public struct Dialog: Sendable, Equatable {
    public var title: String
    public var message: [String]
    public var buttons: [String]
    /// Index of the focused button.
    public var focus: Int

    public init(title: String, message: [String], buttons: [String], focus: Int = 0) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.focus = min(max(0, focus), max(0, buttons.count - 1))
    }

    /// What a key did to the dialog.
    public enum Outcome: Sendable, Equatable {
        /// Focus moved or the key was ignored; keep showing the dialog.
        case pending
        /// Enter on a button (its index).
        case chosen(Int)
        /// Esc: close without acting.
        case dismissed
    }

    /// Tab/→/l move focus right, Shift-Tab/←/h left (wrapping); Enter chooses; Esc dismisses.
    public mutating func handle(_ key: Key) -> Outcome {
        guard !buttons.isEmpty else { return key == .escape ? .dismissed : .pending }
        switch key {
        case .tab, .right, .character("l"): focus = (focus + 1) % buttons.count
        case .backTab, .left, .character("h"): focus = (focus + buttons.count - 1) % buttons.count
        case .enter: return .chosen(focus)
        case .escape: return .dismissed
        default: break
        }
        return .pending
    }

    /// The region the dialog takes inside `bounds`: wide enough for the longest line and buttons.
    public func frame(in bounds: Rect) -> Rect {
        let buttonsWidth = buttons.reduce(0) { $0 + DisplayWidth.of(TextSanitizer.sanitize($1)) + 5 }
        let textWidth = message.map { DisplayWidth.of(TextSanitizer.sanitize($0)) }.max() ?? 0
        let titleWidth = DisplayWidth.of(TextSanitizer.sanitize(title)) + 4
        let width = max(buttonsWidth, textWidth, titleWidth, 20) + 4
        return bounds.centered(width: width, height: message.count + 5)
    }

    public func draw(into grid: inout CellGrid, in bounds: Rect) {
        let rect = frame(in: bounds)
        grid.fill(rect, style: .plain)
        let inner = BorderBox(title: title, borderStyle: Style(.accent)).draw(into: &grid, in: rect)
        guard !inner.isEmpty else { return }
        for (line, text) in message.enumerated() where line + 1 < inner.height {
            grid.put(text, x: inner.x + 1, y: inner.y + line, width: inner.width - 2)
        }
        var x = inner.x + 1
        let y = inner.maxY - 1
        for (index, label) in buttons.enumerated() {
            let style = index == focus ? Style(.accent, attributes: [.reverse, .bold]) : Style(.text)
            x += grid.put("[ " + label + " ]", x: x, y: y, width: inner.maxX - x, style: style) + 1
        }
    }
}
