import Fleet
import Terminal

/// The one registry of panes, keys and `:` commands (k9s' action registry): the reducer looks
/// keys and commands up here, and `?` help, the footer hints, the tabs, the number keys, `:`
/// completion and the unknown-command message are generated from it, so they cannot disagree.
public struct ConsoleRegistry: Sendable {
    /// In tab order; pane n (from 1) gets the number key n.
    public private(set) var panes: [PaneRegistration]
    /// Keys active in every pane.
    public private(set) var globalBindings: [KeyBinding]
    /// Commands that belong to no pane.
    public private(set) var globalCommands: [CommandRegistration]
    /// Every binding: global ones, number keys, then each pane's, in registration order.
    public private(set) var bindings: [KeyBinding] = []
    /// Every command: a switch per pane, the panes' own, then the global ones.
    public private(set) var commands: [CommandRegistration] = []

    public init(
        panes: [PaneRegistration],
        globalBindings: [KeyBinding] = Self.globalBindings,
        globalCommands: [CommandRegistration] = Self.globalCommands
    ) {
        self.panes = panes
        self.globalBindings = globalBindings
        self.globalCommands = globalCommands
        index()
    }

    /// The console's panes: one line each.
    public static let standard = ConsoleRegistry(panes: [
        .fleet,
        .latency,
        .detail,
        .experiments,
        .alerts,
        .audit,
    ])

    /// A copy with `registration` added after the others.
    public func registering(_ registration: PaneRegistration) -> ConsoleRegistry {
        var copy = self
        copy.panes.append(registration)
        copy.index()
        return copy
    }

    private mutating func index() {
        let numbers = panes.prefix(9).enumerated().map { position, registration in
            KeyBinding(
                [.character(Character(String(position + 1)))],
                String(position + 1),
                registration.title.lowercased() + " pane",
                .showPane(registration.pane)
            )
        }
        bindings = globalBindings + numbers + panes.flatMap(\.bindings)
        let switches = panes.map { registration in
            let pane = registration.pane
            return CommandRegistration(
                [pane.id] + registration.aliases,
                usage: ":" + pane.id,
                summary: "show the \(registration.title) pane"
            ) { _, state in
                state.pane = pane
                return .success([])
            }
        }
        commands = switches + panes.flatMap(\.commands) + globalCommands
    }

    /// The registration of `pane`; nil for a pane not registered.
    public func registration(of pane: Pane) -> PaneRegistration? { panes.first { $0.pane == pane } }

    /// The binding `key` triggers in `pane`, nil when the key is not bound there; a pane's own
    /// binding wins over a global one for the same key (`j` moves through experiments in the
    /// Experiments pane).
    public func binding(for key: Key, in pane: Pane) -> KeyBinding? {
        bindings.first { $0.panes.contains(pane) && $0.keys.contains(key) }
            ?? bindings.first { $0.isActive(in: pane) && $0.keys.contains(key) }
    }

    /// The footer: `label summary` of the hint bindings active in `pane`, and whether read-only
    /// mode refuses them (they are dimmed then).
    public func hints(for pane: Pane) -> [(label: String, summary: String, isRefusedWhenReadOnly: Bool)] {
        bindings.filter { $0.isHint && $0.isActive(in: pane) }.map { ($0.label, $0.summary, $0.isRefusedWhenReadOnly) }
    }

    /// The pane after (or before, `by: -1`) `pane` in tab order, wrapping around.
    public func pane(after pane: Pane, by step: Int = 1) -> Pane {
        guard let index = panes.firstIndex(where: { $0.pane == pane }) else { return panes.first?.pane ?? pane }
        return panes[((index + step) % panes.count + panes.count) % panes.count].pane
    }

    /// What the background reader should read next: the current pane adds its charts or detail.
    public func readRequest(for state: AppState) -> ReadRequest {
        var request = ReadRequest(range: state.range, interval: state.refreshInterval, isPaused: state.isPaused)
        registration(of: state.pane)?.read(state, &request)
        return request
    }

    /// Whether the background reader reads the audit trail too: the current pane shows it.
    public func readsAuditTrail(for state: AppState) -> Bool {
        registration(of: state.pane)?.readsAuditTrail ?? false
    }
}
