/// What a key binding means; the reducer interprets it against the state.
///
/// Named for the key's intent so it cannot be confused with an action on production (a rollback
/// or a silence), which a binding can only request.
public enum KeyIntent: Sendable, Equatable {
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
    /// Something only its pane knows how to do.
    case pane(PaneOperation)
}

/// A pane's own change to the state, registered with its key (`PaneRegistration.bindings`);
/// equal by name.
public struct PaneOperation: Sendable, Equatable {
    public var name: String
    public var apply: @Sendable (inout AppState) -> [ConsoleEffect]

    public init(_ name: String, apply: @escaping @Sendable (inout AppState) -> [ConsoleEffect]) {
        self.name = name
        self.apply = apply
    }

    public static func == (left: PaneOperation, right: PaneOperation) -> Bool { left.name == right.name }
}
