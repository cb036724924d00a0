import Terminal

/// The `?` overlay, generated from the key map: every binding, its keys, where it applies.
enum HelpView {
    static func lines(_ keyMap: KeyMap, isReadOnly: Bool) -> [(keys: String, summary: String, role: StyleRole)] {
        var out: [(String, String, StyleRole)] = keyMap.bindings.map { binding in
            var summary = binding.summary
            if !binding.panes.isEmpty { summary += " (" + binding.panes.map(\.title).joined(separator: ", ") + ")" }
            let role: StyleRole = binding.isDangerous && isReadOnly ? .muted : .text
            return (binding.label, summary, role)
        }
        out.append(("", "", .text))
        out.append((":fleet :latency :detail", "switch pane", .text))
        out.append((":theme NAME", "switch theme (Tab completes)", .text))
        out.append((":range 5m|1h|6h|24h|7d", "chart time range", .text))
        out.append((":sort COLUMN  :refresh 2s", "sort fleet, set refresh", .text))
        out.append((":q", "quit", .text))
        return out
    }

    static func draw(_ state: AppState, keyMap: KeyMap, into grid: inout CellGrid) {
        let entries = lines(keyMap, isReadOnly: state.isReadOnly)
        let keyWidth = min(26, entries.map { $0.keys.count }.max() ?? 10)
        let width = min(grid.width - 2, 76)
        let height = min(grid.height - 2, entries.count + 3)
        let frame = grid.bounds.centered(width: width, height: height)
        grid.fill(frame)
        let inner = BorderBox(title: "Help · Esc closes", glyphs: state.glyphs).draw(into: &grid, in: frame)
        for (row, entry) in entries.prefix(inner.height).enumerated() {
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
