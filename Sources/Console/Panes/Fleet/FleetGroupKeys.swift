/// The Fleet pane's grouping keys: `b` and `:group` choose the grouping; Enter, Space, `→` and
/// `←` open and close the group under the cursor, and keep their usual meaning on a deployment.
enum FleetGroupKeys {
    /// `b`: none → model → environment → none.
    static func cycleGrouping(in state: inout AppState) -> [ConsoleEffect] {
        group(by: state.grouping.next, in: &state)
        return []
    }

    /// Groups the fleet by `grouping` with every group closed; the cursor stays on its
    /// deployment, or on the group that now holds it.
    static func group(by grouping: FleetGrouping, in state: inout AppState) {
        if !state.expandedGroups.isEmpty { state.expandedGroups = [] }
        state.grouping = grouping
        state.keepSelection()
        let groups = state.arrangement.groups.count
        let text =
            grouping == .none
            ? "ungrouped" : "grouped by \(grouping.rawValue): \(groups) groups, Enter or Space opens one"
        ConsoleReducer.flash(text, isError: false, in: &state)
    }

    /// Enter/l and Space: open or close the group under the cursor; on a deployment, `otherwise`
    /// (Enter opens its detail, Space marks it).
    static func toggleGroup(in state: inout AppState, otherwise intent: KeyIntent) -> [ConsoleEffect] {
        guard let group = state.selectedFleetGroup else {
            return ConsoleReducer.perform(intent, in: &state, registry: .standard)
        }
        setOpen(group.name, !group.isExpanded, in: &state)
        return []
    }

    /// →: opens the group under the cursor when grouped, else sorts by the next column.
    static func right(in state: inout AppState) -> [ConsoleEffect] {
        guard state.grouping != .none else {
            return ConsoleReducer.perform(.sortNext, in: &state, registry: .standard)
        }
        if let group = state.selectedFleetGroup { setOpen(group.name, true, in: &state) }
        return []
    }

    /// ←: closes the group under the cursor, or the one holding the deployment under it (the
    /// cursor goes to the group's row), when grouped; else sorts by the previous column.
    static func left(in state: inout AppState) -> [ConsoleEffect] {
        guard state.grouping != .none else {
            return ConsoleReducer.perform(.sortPrevious, in: &state, registry: .standard)
        }
        if let group = state.selectedFleetGroup {
            setOpen(group.name, false, in: &state)
        } else if let deployment = state.selectedDeployment, let name = state.grouping.group(of: deployment) {
            setOpen(name, false, in: &state)
        }
        return []
    }

    /// `w`: sorts by HEALTH worst first (`FleetRank`).
    static func sortWorstFirst(in state: inout AppState) -> [ConsoleEffect] {
        state.sortColumn = .health
        state.sortAscending = true
        state.keepSelection()
        ConsoleReducer.flash(
            "sorted worst first: down, bad payload, degraded, alerts, errors, p95",
            isError: false,
            in: &state
        )
        return []
    }

    private static func setOpen(_ name: String, _ isOpen: Bool, in state: inout AppState) {
        if isOpen { state.expandedGroups.insert(name) } else { state.expandedGroups.remove(name) }
        state.keepSelection()
    }
}
