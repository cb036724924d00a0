/// What a cell means, not what colour it is: themes map each role to a colour.
///
/// Raw values are the keys of `themes/*.yaml`.
public enum StyleRole: String, Sendable, CaseIterable, Hashable {
    /// Background of every cell unless a widget asks for another one.
    case background
    case text
    /// Secondary text: units, axis labels, hints.
    case muted
    case border
    case title
    /// Table and list column headers.
    case header
    /// Background of the selected row; see `selectionText`.
    case selection
    /// Text on the selected row.
    case selectionText = "selection-text"
    case ok
    case warning
    case critical
    case info
    /// Highlights that are neither good nor bad: key hints, the focused button, the input cursor.
    case accent
    /// Chart markers (deploys, rollbacks, alerts).
    case marker
    case series1 = "series-1"
    case series2 = "series-2"
    case series3 = "series-3"
    case series4 = "series-4"
    case series5 = "series-5"
    case series6 = "series-6"
    case series7 = "series-7"
    case series8 = "series-8"

    /// The chart series roles in order, so series `n` (0-based) uses `chartSeries[n % 8]`.
    public static let chartSeries: [StyleRole] = [
        .series1, .series2, .series3, .series4, .series5, .series6, .series7, .series8,
    ]
}
