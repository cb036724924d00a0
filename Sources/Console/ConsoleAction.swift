/// What a key binding does; the reducer interprets it against the state.
public enum ConsoleAction: Sendable, Equatable {
    case quit
    case help
    case nextPane, previousPane
    case showPane(Pane)
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case openDetail
    case back
    case filter
    case command
    case pause
    case faster, slower
    case sortNext, sortPrevious, sortReverse
    case nextRange, previousRange
    /// Mark or unmark the deployment under the cursor for the latency overlay.
    case toggleMark
    case clearMarks
}
