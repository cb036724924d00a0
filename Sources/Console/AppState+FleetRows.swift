import Fleet

/// The Fleet pane's cursor over `arrangement.rows`: the row it is on, and the deployment or
/// group there. The cursor follows what it is on (a deployment or a group, by name) across new
/// data, re-sorts and filters; the row index is the fallback.
extension AppState {
    /// The row under the cursor; nil when there are no rows.
    public var selectedRow: Int? {
        let rows = arrangement.rows
        guard !rows.isEmpty else { return nil }
        if let group = selectedGroup, let row = arrangement.row(ofGroup: group) { return row }
        if let name = selectedName, let row = arrangement.row(ofDeployment: name) { return row }
        return min(max(0, selection.selected ?? 0), rows.count - 1)
    }

    /// The deployment under the cursor; nil on a group row (keys that act on a deployment, such
    /// as `R`, do nothing there).
    public var selectedDeployment: DeploymentStatus? { selectedRow.flatMap(arrangement.deployment(atRow:)) }

    /// The group under the cursor; nil on a deployment row.
    public var selectedFleetGroup: FleetGroup? { selectedRow.flatMap(arrangement.group(atRow:)) }

    /// Puts the cursor on `row` and remembers what is there.
    mutating func selectRow(_ row: Int?) {
        selection.selected = row
        selectedName = row.flatMap(arrangement.deployment(atRow:))?.name
        selectedGroup = row.flatMap(arrangement.group(atRow:))?.name
    }

    /// After new data, a re-sort, a new filter or grouping: puts the cursor back on what it was
    /// on; a deployment now inside a closed group leaves the cursor on that group's row.
    mutating func keepSelection() {
        if selectedGroup == nil, let name = selectedName, arrangement.row(ofDeployment: name) == nil,
            let hidden = visibleDeployments.first(where: { $0.name == name })
        {
            selectedGroup = grouping.group(of: hidden)
        }
        selectRow(selectedRow)
    }
}
