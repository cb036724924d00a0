import Terminal

/// One entry of the registry's key table: the keys, how help names them, and what they mean.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    /// How the keys are written in help and the footer (`j/↓`).
    public var label: String
    public var summary: String
    public var intent: KeyIntent
    /// Panes where the binding is active; empty means everywhere.
    public var panes: [Pane]
    /// Shown in the footer hints (the few keys a newcomer needs).
    public var isHint: Bool
    /// Changes something outside the console (rollback, silence): a capital key, dimmed in help
    /// and refused in read-only mode.
    public var isDangerous: Bool
    /// Writes to the store (an acknowledgement, a silence): refused and dimmed in read-only mode
    /// like a dangerous key, but lowercase, since it changes no deployment.
    public var writesStore: Bool

    public init(
        _ keys: [Key],
        _ label: String,
        _ summary: String,
        _ intent: KeyIntent,
        panes: [Pane] = [],
        hint: Bool = false,
        dangerous: Bool = false,
        writesStore: Bool = false
    ) {
        self.keys = keys
        self.label = label
        self.summary = summary
        self.intent = intent
        self.panes = panes
        self.isHint = hint
        self.isDangerous = dangerous
        self.writesStore = writesStore
    }

    /// Refused in read-only mode: it changes production or writes the store.
    public var isRefusedWhenReadOnly: Bool { isDangerous || writesStore }

    /// Whether the binding applies in `pane`.
    public func isActive(in pane: Pane) -> Bool { panes.isEmpty || panes.contains(pane) }
}
