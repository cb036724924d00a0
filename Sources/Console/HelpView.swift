import Terminal

/// The `?` overlay, generated from the registry: every key binding (one line for the same key
/// and meaning in several panes), where it applies, then every `:` command.
enum HelpView {
    static func lines(
        _ registry: ConsoleRegistry,
        isReadOnly: Bool
    ) -> [(keys: String, summary: String, role: StyleRole)] {
        var merged: [(binding: KeyBinding, panes: [Pane])] = []
        for binding in registry.bindings {
            if let index = merged.firstIndex(where: {
                $0.binding.label == binding.label && $0.binding.summary == binding.summary && !$0.panes.isEmpty
            }), !binding.panes.isEmpty {
                merged[index].panes += binding.panes
            } else {
                merged.append((binding, binding.panes))
            }
        }
        func titles(_ panes: [Pane]) -> String {
            panes.map { pane in registry.registration(of: pane)?.title ?? pane.id }.joined(separator: ", ")
        }
        var out: [(String, String, StyleRole)] = merged.map { binding, panes in
            var summary = binding.summary
            if !panes.isEmpty { summary += " (" + titles(panes) + ")" }
            if binding.isDangerous { summary += " · changes production" }
            if binding.writesStore { summary += " · writes the store" }
            let role: StyleRole = binding.isRefusedWhenReadOnly && isReadOnly ? .muted : .text
            return (binding.label, summary, role)
        }
        out.append(("", "", .text))
        for command in registry.commands {
            let owner = registry.panes.first { $0.commands.contains { $0.name == command.name } }
            let summary = command.summary + (owner.map { " (" + $0.title + ")" } ?? "")
            out.append((command.usage, summary, .text))
        }
        return out
    }

    static func draw(_ state: AppState, registry: ConsoleRegistry, into grid: inout CellGrid) {
        let entries = lines(registry, isReadOnly: state.isReadOnly)
        let keyWidth = min(26, entries.map { $0.keys.count }.max() ?? 10)
        let width = min(grid.width - 2, 76)
        let height = min(grid.height - 2, entries.count + 3)
        let frame = grid.bounds.centered(width: width, height: height)
        grid.fill(frame)
        let rows = max(0, height - 2)
        let offset = min(state.helpOffset, max(0, entries.count - rows))
        let title = entries.count > rows ? "Help · j/k scroll · Esc closes" : "Help · Esc closes"
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: frame)
        for (row, entry) in entries.dropFirst(offset).prefix(inner.height).enumerated() {
            let y = inner.y + row
            grid.put(entry.keys, x: inner.x + 1, y: y, width: keyWidth, style: Style(.accent, attributes: [.bold]))
            grid.put(
                entry.summary,
                x: inner.x + keyWidth + 2,
                y: y,
                width: max(0, inner.width - keyWidth - 2),
                style: Style(entry.role)
            )
        }
    }
}
