import Terminal

/// One entry of the key map: the keys, how help names them, and what they do.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    /// How the keys are written in help and the footer (`j/↓`).
    public var label: String
    public var summary: String
    public var action: ConsoleAction
    /// Panes where the binding is active; empty means everywhere.
    public var panes: [Pane]
    /// Shown in the footer hints (the few keys a newcomer needs).
    public var isHint: Bool
    /// Changes something outside the console (rollback, silence); dimmed and refused read-only.
    public var isDangerous: Bool

    public init(
        _ keys: [Key],
        _ label: String,
        _ summary: String,
        _ action: ConsoleAction,
        panes: [Pane] = [],
        hint: Bool = false,
        dangerous: Bool = false
    ) {
        self.keys = keys
        self.label = label
        self.summary = summary
        self.action = action
        self.panes = panes
        self.isHint = hint
        self.isDangerous = dangerous
    }

    /// Whether the binding applies in `pane`.
    public func isActive(in pane: Pane) -> Bool { panes.isEmpty || panes.contains(pane) }
}
