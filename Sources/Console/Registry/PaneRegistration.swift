import Fleet
import Terminal

/// Everything the console needs to show one pane: its name and tab title, its keys and `:`
/// commands (with completion and help), what it wants read from the store, and its view.
///
/// A pane is a folder under `Panes/` that defines one of these; one line in
/// `ConsoleRegistry.standard` registers it. The registry numbers it, gives it a `:` command and
/// a tab, and generates help, footer hints and completion from it.
public struct PaneRegistration: Sendable {
    public var pane: Pane
    /// The tab and help title (`Fleet`).
    public var title: String
    /// Short `:` aliases besides the pane's id (`f` for `:fleet`).
    public var aliases: [String]
    /// Keys active in this pane only (their `panes` is set to this pane when registered).
    public var bindings: [KeyBinding]
    /// `:` commands this pane brings (usable from any pane; help names the pane).
    public var commands: [CommandRegistration]
    /// Adds what the pane shows to the store read (charts, detail) while it is the current pane.
    public var read: @Sendable (AppState, inout ReadRequest) -> Void
    /// Reads the audit trail (through the console's `RollbackController`) while it is the
    /// current pane; the trail arrives as `ConsoleMessage.auditTrail`.
    public var readsAuditTrail: Bool
    /// Draws the pane into `rect` of the grid.
    public var draw: @Sendable (AppState, inout CellGrid, Rect) -> Void

    public init(
        _ pane: Pane,
        title: String,
        aliases: [String] = [],
        bindings: [KeyBinding] = [],
        commands: [CommandRegistration] = [],
        read: @escaping @Sendable (AppState, inout ReadRequest) -> Void = { _, _ in },
        readsAuditTrail: Bool = false,
        draw: @escaping @Sendable (AppState, inout CellGrid, Rect) -> Void
    ) {
        self.pane = pane
        self.title = title
        self.aliases = aliases
        self.bindings = bindings.map { binding in
            var scoped = binding
            if scoped.panes.isEmpty { scoped.panes = [pane] }
            return scoped
        }
        self.commands = commands
        self.read = read
        self.readsAuditTrail = readsAuditTrail
        self.draw = draw
    }
}
