/// How a chart turns dots into characters.
public enum ChartGlyphs: Sendable {
    /// Braille: 2×4 dots a cell (U+2800–U+28FF).
    case braille
    /// Quadrant blocks: 2×2 dots a cell (`▘▝▀▖▌▞▛▗▚▐▜▄▙▟█`), for fonts without braille.
    case block
    /// ASCII: 1×2 dots a cell (`'` top, `.` bottom, `:` both), for anything else.
    case ascii

    /// Dots per cell (columns, rows).
    public var resolution: (columns: Int, rows: Int) {
        switch self {
        case .braille: return (2, 4)
        case .block: return (2, 2)
        case .ascii: return (1, 2)
        }
    }

    private static let brailleBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    private static let quadrants: [Character] = Array(" ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█")
    private static let asciiDots: [Character] = Array(" '.:")

    /// The bit of dot (`column`, `row`) within a cell, rows counted from the top.
    func bit(column: Int, row: Int) -> UInt8 {
        switch self {
        case .braille: return ChartGlyphs.brailleBits[row][column]
        case .block: return UInt8(1 << (row * 2 + column))
        case .ascii: return UInt8(1 << row)
        }
    }

    /// The character showing `bits`.
    func character(_ bits: UInt8) -> Character {
        switch self {
        case .braille: return Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " ")
        case .block: return ChartGlyphs.quadrants[Int(bits & 0x0f)]
        case .ascii: return ChartGlyphs.asciiDots[Int(bits & 0x03)]
        }
    }
}

/// A dot raster over a region of cells; several series share it, each cell keeps the role of the
/// last series that set a dot in it.
struct DotCanvas {
    let columns: Int
    let rows: Int
    let glyphs: ChartGlyphs
    private(set) var bits: [UInt8]
    private(set) var roles: [StyleRole?]

    init(columns: Int, rows: Int, glyphs: ChartGlyphs) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.glyphs = glyphs
        bits = Array(repeating: 0, count: self.columns * self.rows)
        roles = Array(repeating: nil, count: self.columns * self.rows)
    }

    var dotsWide: Int { columns * glyphs.resolution.columns }
    var dotsHigh: Int { rows * glyphs.resolution.rows }

    /// Sets the dot at (`x`, `y`), `y` counted from the bottom; outside dots are ignored.
    mutating func set(x: Int, y: Int, role: StyleRole) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        let (perColumn, perRow) = glyphs.resolution
        let fromTop = dotsHigh - 1 - y
        let index = (fromTop / perRow) * columns + x / perColumn
        bits[index] |= glyphs.bit(column: x % perColumn, row: fromTop % perRow)
        roles[index] = role
    }

    /// Dots of a straight line between two dots (Bresenham).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), role: StyleRole) {
        var x = start.x
        var y = start.y
        let deltaX = abs(end.x - start.x)
        let deltaY = -abs(end.y - start.y)
        let stepX = start.x < end.x ? 1 : -1
        let stepY = start.y < end.y ? 1 : -1
        var error = deltaX + deltaY
        while true {
            set(x: x, y: y, role: role)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= deltaY {
                error += deltaY
                x += stepX
            }
            if doubled <= deltaX {
                error += deltaX
                y += stepY
            }
        }
    }

    /// Whether cell (`column`, `row`) has any dot.
    func isEmpty(column: Int, row: Int) -> Bool { bits[row * columns + column] == 0 }

    /// Copies the non-empty cells into the grid at `origin`.
    func draw(into grid: inout CellGrid, at origin: (x: Int, y: Int), background: StyleRole) {
        for row in 0..<rows {
            for column in 0..<columns {
                let index = row * columns + column
                guard bits[index] != 0, let role = roles[index] else { continue }
                grid.placeNarrow(
                    glyphs.character(bits[index]),
                    x: origin.x + column,
                    y: origin.y + row,
                    style: Style(role, background: background)
                )
            }
        }
    }
}
