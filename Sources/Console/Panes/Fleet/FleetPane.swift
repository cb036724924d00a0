import Fleet

/// The deployments table: sort (worst first with `w`), filter, grouping by model or environment,
/// marks for the latency overlay, acknowledging a deployment's alerts.
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
                "mark/unmark (max 8), or open/close a group",
                .pane(
                    PaneOperation("fleetSpace") { state in
                        FleetGroupKeys.toggleGroup(in: &state, otherwise: .toggleMark)
                    }
                ),
                hint: true
            ),
            KeyBinding([.character("U")], "U", "unmark all", .clearMarks),
            KeyBinding(
                [.enter, .character("l")],
                "Enter/l",
                "open detail, or open/close a group",
                .pane(
                    PaneOperation("fleetEnter") { state in
                        FleetGroupKeys.toggleGroup(in: &state, otherwise: .openDetail)
                    }
                ),
                hint: true
            ),
            KeyBinding([.character("s")], "s", "sort by next column", .sortNext),
            KeyBinding([.character("S")], "S", "sort by previous column", .sortPrevious),
            KeyBinding(
                [.right],
                "→",
                "open group, or sort by next column",
                .pane(PaneOperation("fleetRight") { state in FleetGroupKeys.right(in: &state) })
            ),
            KeyBinding(
                [.left],
                "←",
                "close group, or sort by previous column",
                .pane(PaneOperation("fleetLeft") { state in FleetGroupKeys.left(in: &state) })
            ),
            KeyBinding([.character("r")], "r", "reverse sort", .sortReverse),
            KeyBinding(
                [.character("w")],
                "w",
                "sort worst first (health, alerts, errors, p95)",
                .pane(PaneOperation("sortWorstFirst") { state in FleetGroupKeys.sortWorstFirst(in: &state) })
            ),
            KeyBinding(
                [.character("b")],
                "b",
                "group by model → environment → none",
                .pane(PaneOperation("cycleGrouping") { state in FleetGroupKeys.cycleGrouping(in: &state) })
            ),
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
                summary: "sort the fleet by a column (again: reverse); :sort worst as w",
                takesArgument: true,
                candidates: { _ in FleetColumn.allCases.map { $0.title.lowercased() } + ["worst"] }
            ) { argument, state in
                if argument.lowercased() == "worst" { return .success(FleetGroupKeys.sortWorstFirst(in: &state)) }
                guard let column = FleetColumn(title: argument) else {
                    let all = FleetColumn.allCases.map { $0.title.lowercased() }.joined(separator: ", ")
                    return .failure(CommandError("usage: :sort COLUMN (\(all), worst)"))
                }
                if state.sortColumn == column { state.sortAscending.toggle() } else { state.sortColumn = column }
                return .success([])
            },
            CommandRegistration(
                ["group"],
                usage: ":group model|env|none",
                summary: "group the fleet's rows (groups start closed)",
                takesArgument: true,
                candidates: { _ in FleetGrouping.allCases.map(\.rawValue) }
            ) { argument, state in
                let wanted = argument.lowercased()
                guard !wanted.isEmpty,
                    let grouping = FleetGrouping.allCases.first(where: { $0.rawValue.hasPrefix(wanted) })
                else {
                    return .failure(CommandError("usage: :group model|environment|none"))
                }
                FleetGroupKeys.group(by: grouping, in: &state)
                return .success([])
            },
        ],
        draw: { state, grid, rect in FleetView.draw(state, into: &grid, in: rect) }
    )
}
