import Vocabulary

/// A one-line editor for `:` commands and `/` filters, with optional history.
///
/// Keys: ←/→, Home/End (Ctrl-A/E), Backspace, Delete (Ctrl-D), Ctrl-U (to start), Ctrl-K (to end),
/// Ctrl-W (word), ↑/↓ history, Enter submits, Esc cancels.
public struct TextInput: Sendable, Equatable {
    public private(set) var characters: [Character]
    /// Position of the cursor, 0…`characters.count`.
    public private(set) var cursor: Int
    /// Earlier submissions, oldest first.
    public private(set) var history: [String]
    private var historyIndex: Int?
    /// Characters at most, so a paste cannot grow without bound.
    public var limit: Int

    public init(text: String = "", history: [String] = [], limit: Int = 1024) {
        characters = Array(TextSanitizer.sanitize(text).prefix(limit))
        cursor = characters.count
        self.history = history
        self.limit = limit
    }

    public var text: String { String(characters) }

    /// What a key did.
    public enum Outcome: Sendable, Equatable {
        case edited
        case submitted(String)
        case cancelled
        /// The key is not an editing key; the caller may handle it.
        case ignored
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .character(let character):
            insert(character)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .backspace:
            guard cursor > 0 else { return .edited }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"): characters.removeLast(characters.count - cursor)
        case .control("w"): deleteWordBeforeCursor()
        case .up: recall(older: true)
        case .down: recall(older: false)
        case .enter:
            let submitted = text
            if !submitted.isEmpty, history.last != submitted { history.append(submitted) }
            historyIndex = nil
            return .submitted(submitted)
        case .escape: return .cancelled
        default: return .ignored
        }
        return .edited
    }

    /// Replaces the text (completion) and puts the cursor at its end.
    public mutating func setText(_ text: String) {
        characters = Array(TextSanitizer.sanitize(text).prefix(limit))
        cursor = characters.count
    }

    /// Draws `prompt` then the text, scrolled so the cursor is visible; the cursor cell is reversed.
    public func draw(into grid: inout CellGrid, in rect: Rect, prompt: String = "") {
        guard !rect.isEmpty else { return }
        let promptWidth = min(
            grid.put(prompt, x: rect.x, y: rect.y, width: rect.width, style: Style(.accent)),
            rect.width
        )
        let room = rect.width - promptWidth
        guard room > 0 else { return }
        let widths = characters.map(DisplayWidth.of)
        var start = 0
        while widths[start..<cursor].reduce(0, +) >= room { start += 1 }
        var x = rect.x + promptWidth
        for index in start..<characters.count where x + widths[index] <= rect.maxX {
            let style = index == cursor ? Style(.text, attributes: [.reverse]) : Style(.text)
            x += grid.put(String(characters[index]), x: x, y: rect.y, width: widths[index], style: style)
        }
        if cursor == characters.count, x < rect.maxX {
            grid.put(" ", x: x, y: rect.y, width: 1, style: Style(.text, attributes: [.reverse]))
        }
    }

    private mutating func insert(_ character: Character) {
        guard characters.count < limit, let safe = TextSanitizer.sanitize(String(character)).first else { return }
        characters.insert(safe, at: cursor)
        cursor += 1
    }

    private mutating func deleteWordBeforeCursor() {
        var start = cursor
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " " { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    private mutating func recall(older: Bool) {
        guard !history.isEmpty else { return }
        let next: Int?
        if older {
            next = max(0, (historyIndex ?? history.count) - 1)
        } else {
            next = historyIndex.flatMap { $0 + 1 < history.count ? $0 + 1 : nil }
        }
        historyIndex = next
        setText(next.map { history[$0] } ?? "")
    }
}
