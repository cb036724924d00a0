import Foundation

/// Rows of text cells as aligned columns, two spaces apart, one line each: the tables `status`
/// and `alerts` print. The last column is not padded, so a long message ends the line.
enum AlignedTable {
    /// `rows` (the header first) with every column as wide as its widest cell.
    static func text(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }
}
