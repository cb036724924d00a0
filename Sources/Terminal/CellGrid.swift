import Vocabulary

/// A screen's worth of cells that widgets draw into and backends present.
///
/// `put(_:x:y:…)` and `fill(_:with:style:)` are the only ways text enters the grid, and both
/// sanitize (see `TextSanitizer`), so nothing a widget draws can reach the terminal as a control
/// sequence. Drawing outside the grid is clipped silently.
public struct CellGrid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(style: style), count: self.width * self.height)
    }

    /// The whole grid as a region.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; a blank cell outside the grid.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Blanks every cell with `style`.
    public mutating func clear(style: Style = .plain) {
        for index in cells.indices { cells[index] = Cell(style: style) }
    }

    /// Resizes to `width`×`height` and blanks everything.
    public mutating func resize(width: Int, height: Int, style: Style = .plain) {
        self = CellGrid(width: width, height: height, style: style)
    }

    /// Fills `rect` with one character (sanitized; a wide one falls back to a space).
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        let safe = CellGrid.safeCharacter(character)
        let glyph: Character = DisplayWidth.of(safe) == 1 ? safe : " "
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX { place(glyph, width: 1, x: column, y: row, style: style) }
        }
    }

    /// Changes the style of every cell in `rect`, keeping the characters (selection highlight).
    public mutating func restyle(_ rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX { cells[row * width + column].style = style }
        }
    }

    /// Writes `text` at (`x`, `y`), sanitized, into a field `width` cells wide (to the grid's
    /// right edge when nil). Wide characters are never split at the edge; combining marks stay with
    /// their base. Returns the number of cells written.
    @discardableResult
    public mutating func put(
        _ text: String,
        x: Int,
        y: Int,
        width fieldWidth: Int? = nil,
        style: Style = .plain,
        overflow: TextOverflow = .ellipsis,
        alignment: TextAlignment = .left
    ) -> Int {
        guard y >= 0, y < height else { return 0 }
        let field = fieldWidth ?? (width - x)
        guard field > 0 else { return 0 }
        let clean = TextSanitizer.sanitize(text)
        // Printable ASCII (most table cells) is one cell a byte: placed without grapheme breaking.
        let isPrintableASCII = clean.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f }
        let total = isPrintableASCII ? clean.utf8.count : DisplayWidth.of(clean)
        if total > field {
            return putTruncated(clean, x: x, y: y, field: field, style: style, overflow: overflow)
        }
        var column = x
        switch alignment {
        case .left: break
        case .right: column += field - total
        case .center: column += (field - total) / 2
        }
        if isPrintableASCII {
            for byte in clean.utf8 {
                place(Character(Unicode.Scalar(byte)), width: 1, x: column, y: y, style: style)
                column += 1
            }
            return total
        }
        for character in clean {
            let cellWidth = DisplayWidth.of(character)
            place(character, width: cellWidth, x: column, y: y, style: style)
            column += cellWidth
        }
        return total
    }

    /// Writes raw bytes from the network or a file: invalid UTF-8 becomes U+FFFD, then as `put`.
    @discardableResult
    public mutating func put(
        bytes: [UInt8],
        x: Int,
        y: Int,
        width fieldWidth: Int? = nil,
        style: Style = .plain,
        overflow: TextOverflow = .ellipsis
    ) -> Int {
        put(TextSanitizer.sanitize(bytes: bytes), x: x, y: y, width: fieldWidth, style: style, overflow: overflow)
    }

    private mutating func putTruncated(
        _ clean: String,
        x: Int,
        y: Int,
        field: Int,
        style: Style,
        overflow: TextOverflow
    ) -> Int {
        let room = overflow == .ellipsis ? field - 1 : field
        var column = x
        for character in clean {
            let cellWidth = DisplayWidth.of(character)
            if column + cellWidth > x + room { break }
            place(character, width: cellWidth, x: column, y: y, style: style)
            column += cellWidth
        }
        while column < x + room {
            place(" ", width: 1, x: column, y: y, style: style)
            column += 1
        }
        if overflow == .ellipsis { place("…", width: 1, x: column, y: y, style: style) }
        return field
    }

    /// Writes an already-safe glyph (widgets' own box, braille and block characters).
    mutating func place(_ character: Character, width cellWidth: Int, x: Int, y: Int, style: Style) {
        guard y >= 0, y < height, x >= 0, x + cellWidth <= width else {
            if cellWidth == 2, x == width - 1, y >= 0, y < height {
                place(" ", width: 1, x: x, y: y, style: style)
            }
            return
        }
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = Cell(style: cells[index - 1].style)
        }
        let end = index + cellWidth - 1
        if x + cellWidth < width, cells[end + 1].isContinuation {
            cells[end + 1] = Cell(style: cells[end + 1].style)
        }
        cells[index] = Cell(character, style: style)
        if cellWidth == 2 { cells[index + 1] = Cell(" ", style: style, isContinuation: true) }
    }

    /// Writes a glyph known to be one cell wide and safe (hot path of charts and borders).
    mutating func placeNarrow(_ character: Character, x: Int, y: Int, style: Style) {
        place(character, width: 1, x: x, y: y, style: style)
    }

    private static func safeCharacter(_ character: Character) -> Character {
        TextSanitizer.sanitize(String(character)).first ?? " "
    }
}
