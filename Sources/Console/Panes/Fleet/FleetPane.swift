import Fleet

/// The deployments table: sort, filter, marks for the latency overlay, acknowledging a
/// deployment's alerts.
extension PaneRegistration {
    public static let fleet = PaneRegistration(
        .fleet,
        title: "Fleet",
        aliases: ["f"],
        bindings: [
            .rollback,
            KeyBinding(
                [.character(" ")],
                "Space",
                "mark/unmark for the latency overlay (max 8)",
                .toggleMark,
                hint: true
            ),
            KeyBinding([.character("U")], "U", "unmark all", .clearMarks),
            KeyBinding([.enter, .character("l")], "Enter/l", "open detail", .openDetail, hint: true),
            KeyBinding([.character("s"), .right], "s/→", "sort by next column", .sortNext),
            KeyBinding([.character("S"), .left], "S/←", "sort by previous column", .sortPrevious),
            KeyBinding([.character("r")], "r", "reverse sort", .sortReverse),
            KeyBinding(
                [.character("a")],
                "a",
                "acknowledge the deployment's open alerts",
                .pane(PaneOperation("acknowledgeDeployment") { state in FleetView.acknowledge(in: &state) }),
                writesStore: true
            ),
        ],
        commands: [
            CommandRegistration(
                ["sort"],
                usage: ":sort COLUMN",
                summary: "sort the fleet by a column (again: reverse)",
                takesArgument: true,
                candidates: { _ in FleetColumn.allCases.map { $0.title.lowercased() } }
            ) { argument, state in
                guard let column = FleetColumn(title: argument) else {
                    let all = FleetColumn.allCases.map { $0.title.lowercased() }.joined(separator: ", ")
                    return .failure(CommandError("usage: :sort COLUMN (\(all))"))
                }
                if state.sortColumn == column { state.sortAscending.toggle() } else { state.sortColumn = column }
                return .success([])
            }
        ],
        draw: { state, grid, rect in FleetView.draw(state, into: &grid, in: rect) }
    )
}
