/// Renders a grid to plain text, for tests, `--once` output and screen captures.
public enum TextBackend {
    /// One line per row; continuation cells are skipped so a wide character shows once.
    /// - Parameter trimTrailingSpaces: drop spaces at line ends (easier golden text).
    public static func render(_ grid: CellGrid, trimTrailingSpaces: Bool = true) -> String {
        var lines: [String] = []
        lines.reserveCapacity(grid.height)
        for row in 0..<grid.height {
            var line = ""
            for column in 0..<grid.width {
                let cell = grid[column, row]
                if !cell.isContinuation { line.append(cell.character) }
            }
            if trimTrailingSpaces {
                while line.last == " " { line.removeLast() }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// A style layer, one character per cell: the code of the cell's foreground role from `codes`
    /// (`.` when missing), `R` for reverse and `*` for a selection background overriding it.
    ///
    /// Lets a test assert that a value is drawn as `critical` without knowing colours.
    public static func renderStyles(_ grid: CellGrid, codes: [StyleRole: Character]) -> String {
        var lines: [String] = []
        for row in 0..<grid.height {
            var line = ""
            for column in 0..<grid.width {
                let style = grid[column, row].style
                if style.isSelection {
                    line.append("*")
                } else if style.attributes.contains(.reverse) {
                    line.append("R")
                } else {
                    line.append(codes[style.foreground] ?? ".")
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
