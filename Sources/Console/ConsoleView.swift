import Terminal

/// The whole screen as a function of the state: header, tabs, pane, status line, footer hints,
/// and the help overlay; or the too-small screen.
public enum ConsoleView {
    public static func render(_ state: AppState, registry: ConsoleRegistry = .standard) -> CellGrid {
        var grid = CellGrid(width: max(0, state.width), height: max(0, state.height))
        draw(state, registry: registry, into: &grid)
        return grid
    }

    public static func draw(_ state: AppState, registry: ConsoleRegistry = .standard, into grid: inout CellGrid) {
        grid.clear()
        guard grid.width > 0, grid.height > 0 else { return }
        if state.isTooSmall {
            drawTooSmall(state, into: &grid)
            return
        }
        let width = grid.width
        HeaderView.draw(state, registry: registry, into: &grid, width: width)
        let body = Rect(x: 0, y: 2, width: width, height: grid.height - 4)
        registry.registration(of: state.pane)?.draw(state, &grid, body)
        drawStatusLine(state, into: &grid, y: grid.height - 2)
        drawHints(state, registry: registry, into: &grid, y: grid.height - 1)
        if let dialog = state.rollbackDialog { RollbackDialogView.draw(dialog, state: state, into: &grid, in: body) }
        if let dialog = state.experimentDialog {
            ExperimentActionDialogView.draw(dialog, state: state, into: &grid, in: body)
        }
        if state.mode == .help { HelpView.draw(state, registry: registry, into: &grid) }
    }

    private static func drawStatusLine(_ state: AppState, into grid: inout CellGrid, y: Int) {
        let rect = Rect(x: 0, y: y, width: grid.width, height: 1)
        switch state.mode {
        case .filter(let input):
            let kind = FleetFilter(input.text).isRegex ? "regex" : "text"
            input.draw(into: &grid, in: rect, prompt: "/ (\(kind), Enter keeps, Esc clears) ")
            return
        case .command(let input):
            input.draw(into: &grid, in: rect, prompt: ":")
            return
        case .silence(let prompt):
            prompt.input.draw(into: &grid, in: rect, prompt: prompt.prompt)
            return
        case .normal, .help: break
        }
        if let flash = state.flash ?? state.rollbackStatus {
            grid.put(flash.text, x: 0, y: y, style: Style(flash.isError ? .critical : .info, attributes: [.bold]))
        } else if let error = state.snapshot?.error {
            grid.put("store: " + error, x: 0, y: y, style: Style(.critical))
        } else if let selected = state.selectedDeployment {
            var text = "\(selected.name) · \(selected.kind) · \(selected.environment)"
            if let error = selected.lastError { text += " · last error: " + error }
            grid.put(text, x: 0, y: y, style: Style(selected.lastError == nil ? .muted : .warning))
        } else if let group = state.selectedFleetGroup {
            grid.put(FleetView.groupSummary(group, state), x: 0, y: y, style: Style(.muted))
        }
    }

    private static func drawHints(_ state: AppState, registry: ConsoleRegistry, into grid: inout CellGrid, y: Int) {
        if case .silence(let prompt) = state.mode {
            grid.put(prompt.hint, x: 0, y: y, style: Style(prompt.note == nil ? .muted : .critical))
            return
        }
        if state.rollbackDialog != nil || state.experimentDialog != nil {
            let keys =
                "\(state.rollbackDialog != nil ? "rollback" : "experiment action") dialog: Tab/S-Tab next/previous field · Enter presses the focused button · Esc cancels"
            grid.put(keys, x: 0, y: y, style: Style(.muted))
            return
        }
        var x = 0
        for hint in registry.hints(for: state.pane) where x < grid.width {
            // Refused in read-only mode: dimmed, as in `?`.
            let isDimmed = hint.isRefusedWhenReadOnly && state.isReadOnly
            let keyStyle = isDimmed ? Style(.muted, attributes: [.dim]) : Style(.accent, attributes: [.bold])
            let summaryStyle = isDimmed ? Style(.muted, attributes: [.dim]) : Style(.muted)
            x += grid.put(hint.label, x: x, y: y, width: grid.width - x, style: keyStyle)
            x += grid.put(" \(hint.summary)  ", x: x, y: y, width: max(0, grid.width - x), style: summaryStyle)
        }
    }

    private static func drawTooSmall(_ state: AppState, into grid: inout CellGrid) {
        let lines = [
            ("Terminal too small", Style(.critical, attributes: [.bold])),
            (
                "\(grid.width)×\(grid.height), need at least \(AppState.minimumWidth)×\(AppState.minimumHeight)",
                Style(.text)
            ),
            ("enlarge the window, or q to quit", Style(.muted)),
        ]
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < grid.height {
            grid.put(line.0, x: 0, y: top + index, width: grid.width, style: line.1, alignment: .center)
        }
    }
}
