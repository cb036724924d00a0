import Analysis
import Fleet
import Terminal
import Vocabulary

/// The fleet pane: one row per deployment, sorted and filtered, thresholds coloured, arrows for
/// changes since the previous snapshot, open alerts marked by their worst severity.
enum FleetView {
    /// Relative change below which no arrow is drawn (noise between ticks).
    static let arrowThreshold = 0.05

    /// Cells of the NAME column when grouped: `▸ llama-70b (300, 2 not up) worst m-0101`.
    static let groupedNameWidth = 40

    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let arrangement = state.arrangement
        let visible = arrangement.deployments
        let total = state.snapshot?.deployments.count ?? 0
        var title = "Fleet (\(visible.count)"
        if visible.count != total { title += " of \(total)" }
        title += ")"
        if state.grouping != .none {
            let groups = arrangement.groups.count
            title += " · by \(state.grouping.rawValue), \(groups) group\(groups == 1 ? "" : "s")"
        }
        if !state.marked.isEmpty { title += " · \(state.marked.count) marked" }
        if !state.filter.isEmpty { title += " /\(state.filter)" }
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        guard state.snapshot != nil else {
            grid.put("waiting for the first read of the store…", x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        guard !visible.isEmpty else {
            let message = total == 0 ? "no deployments in the store yet" : "no deployment matches /\(state.filter)"
            grid.put(message, x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        var selection = state.selection
        selection.selected = state.selectedRow
        // Only the rows in view are formatted: the table scrolls to the same window it would pick
        // for the whole fleet, and gets just that window with the cursor moved into it.
        let count = arrangement.rows.count
        let offset = selection.adjustedOffset(visibleRows: inner.height - 1, count: count)
        let window = offset..<min(count, offset + max(0, inner.height - 1))
        let rows = window.map { row in
            if let group = arrangement.group(atRow: row) { return groupRow(group, state) }
            guard let deployment = arrangement.deployment(atRow: row) else { return [] }
            return deploymentRow(deployment, state)
        }
        var columns = FleetColumn.allCases.map(\.tableColumn)
        // A group row's summary needs room: low-priority columns give way to it first.
        if state.grouping != .none { columns[FleetColumn.name.rawValue].width = groupedNameWidth }
        let table = Table(
            columns: columns,
            rows: rows,
            sortColumn: state.sortColumn.rawValue,
            sortAscending: state.sortAscending,
            state: ScrollState(selected: selection.selected.map { $0 - offset }, offset: 0)
        )
        table.draw(into: &grid, in: inner)
    }

    /// A deployment's row: its figures with change arrows, its open alerts and its mark before
    /// the name; indented under its group when the fleet is grouped.
    private static func deploymentRow(_ deployment: DeploymentStatus, _ state: AppState) -> [TableCell] {
        let before = state.previous?.deployments ?? []
        let previous = state.arrangement.previousPosition(of: deployment.name).flatMap { position in
            before.indices.contains(position) && before[position].name == deployment.name ? before[position] : nil
        }
        var cells = row(for: deployment, previous: previous, now: state.now, thresholds: state.thresholds)
        guard !cells.isEmpty else { return cells }
        if let severity = state.snapshot?.alertCounts?.byDeployment[deployment.name] {
            // Open alerts: a glyph by the worst severity, the name in its colour.
            let role: StyleRole = severity == .critical ? .critical : .warning
            cells[0] = TableCell(alertGlyph(severity, glyphs: state.glyphs) + " " + deployment.name, role: role)
        }
        if let mark = state.marked.firstIndex(of: deployment.name) {
            // The mark in the colour of the deployment's series in the latency overlay.
            let glyph = state.glyphs == .unicode ? "●" : "*"
            cells[0] = TableCell(glyph + " " + cells[0].text, role: StyleRole.chartSeries[mark % 8])
        }
        if state.grouping != .none { cells[0].text = "  " + cells[0].text }
        return cells
    }

    /// The status line on a group row: `model-3 · 10 deployments · 2 not up · worst bench-23
    /// (down) · Enter opens`.
    static func groupSummary(_ group: FleetGroup, _ state: AppState) -> String {
        let worst = state.arrangement.deployments[group.worst]
        let count = group.members.count
        var text = "\(group.name) · \(count) deployment\(count == 1 ? "" : "s")"
        if group.notUp > 0 { text += " · \(group.notUp) not up" }
        text += " · worst \(worst.name) (\(worst.health?.rawValue ?? "not polled yet"))"
        return text + (group.isExpanded ? " · Enter closes" : " · Enter opens")
    }

    /// A group's row: `▸ NAME (members, N not up) worst MEMBER` (`▾` when open), then the worst
    /// member's figures (`FleetRank`), so a closed group still shows how bad its worst is.
    static func groupRow(_ group: FleetGroup, _ state: AppState) -> [TableCell] {
        let worst = state.arrangement.deployments[group.worst]
        var cells = row(for: worst, previous: nil, now: state.now, thresholds: state.thresholds)
        guard !cells.isEmpty else { return cells }
        let marker =
            switch (group.isExpanded, state.glyphs) {
            case (true, .unicode): "▾"
            case (false, .unicode): "▸"
            case (true, .ascii): "-"
            case (false, .ascii): "+"
            }
        var text = "\(marker) \(group.name) (\(group.members.count)"
        if group.notUp > 0 { text += ", \(group.notUp) not up" }
        text += ") worst \(worst.name)"
        let role: StyleRole =
            switch worst.health {
            case .up: .accent
            case .down, .badPayload: .critical
            case .degraded, nil: .warning
            }
        cells[0] = TableCell(text, role: role)
        return cells
    }

    /// `▲` for a critical alert open on a deployment, `△` for a warning (`!!` and `!` in ASCII).
    static func alertGlyph(_ severity: AlertSeverity, glyphs: GlyphSet) -> String {
        switch (severity, glyphs) {
        case (.critical, .unicode): "▲"
        case (.warning, .unicode): "△"
        case (.critical, .ascii): "!!"
        case (.warning, .ascii): "!"
        }
    }

    /// `a` on a row: acknowledges the deployment's open alerts, or says there are none.
    static func acknowledge(in state: inout AppState) -> [ConsoleEffect] {
        guard let name = state.selectedDeployment?.name else { return [] }
        guard let counts = state.snapshot?.alertCounts else {
            ConsoleReducer.flash("the alerts are not read yet", isError: true, in: &state)
            return []
        }
        guard counts.byDeployment[name] != nil else {
            ConsoleReducer.flash("no open alerts on \(name)", isError: false, in: &state)
            return []
        }
        return [.alertAction(.acknowledgeAll(deployment: name))]
    }

    static func row(
        for deployment: DeploymentStatus,
        previous: DeploymentStatus?,
        now: Int64,
        thresholds: Thresholds = .standard
    ) -> [TableCell] {
        FleetColumn.allCases.map { column in
            var cell = cell(column, deployment, now: now, thresholds: thresholds)
            if let arrow = arrow(column, now: deployment, before: previous) { cell.text += arrow }
            return cell
        }
    }

    static func cell(
        _ column: FleetColumn,
        _ deployment: DeploymentStatus,
        now: Int64,
        thresholds: Thresholds
    ) -> TableCell {
        let t = thresholds
        switch column {
        case .name: return TableCell(deployment.name)
        case .health: return TableCell(deployment.health?.rawValue ?? "?", role: t.healthRole(deployment.health))
        case .environment:
            return TableCell(deployment.environment, role: deployment.environment == "production" ? .text : .muted)
        case .model: return TableCell(deployment.model ?? "-", role: deployment.model == nil ? .muted : .text)
        case .version:
            var text = deployment.version ?? "-"
            if let deployedAt = deployment.versionSeenAt { text += " " + ValueFormat.age(now - deployedAt) }
            return TableCell(text, role: deployment.version == nil ? .muted : .text)
        case .requestRate:
            return numeric(ValueFormat.number(deployment.requestsPerSecond), deployment.requestsPerSecond)
        case .errorRate:
            return TableCell(
                ValueFormat.percent(deployment.errorRatio),
                role: t.role(deployment.errorRatio, warning: t.errorWarning, critical: t.errorCritical)
            )
        case .p50: return numeric(ValueFormat.seconds(deployment.latencySeconds.p50), deployment.latencySeconds.p50)
        case .p95, .p99:
            let value = column == .p95 ? deployment.latencySeconds.p95 : deployment.latencySeconds.p99
            return TableCell(
                ValueFormat.seconds(value),
                role: t.role(value, warning: t.latencyWarning, critical: t.latencyCritical)
            )
        case .ttftP95:
            return TableCell(
                ValueFormat.seconds(deployment.ttftSeconds.p95),
                role: t.role(deployment.ttftSeconds.p95, warning: t.ttftWarning, critical: t.ttftCritical)
            )
        case .tokenRate: return numeric(ValueFormat.number(deployment.tokensPerSecond), deployment.tokensPerSecond)
        case .costPerHour:
            return numeric(ValueFormat.dollars(deployment.costPerHour), deployment.costPerHour)
        case .queue:
            let text = ValueFormat.number(deployment.running) + "/" + ValueFormat.number(deployment.waiting)
            let role = t.role(deployment.waiting, warning: t.queueWarning, critical: t.queueCritical)
            return TableCell(text, role: deployment.running == nil && deployment.waiting == nil ? .muted : role)
        case .kvCache:
            return TableCell(
                ValueFormat.percent(deployment.kvCacheUsage),
                role: t.role(deployment.kvCacheUsage, warning: t.kvWarning, critical: t.kvCritical)
            )
        }
    }

    private static func numeric(_ text: String, _ value: Double?) -> TableCell {
        TableCell(text, role: value == nil ? .muted : .text)
    }

    /// `↑` or `↓` when a numeric value moved more than `arrowThreshold` since the previous tick.
    static func arrow(_ column: FleetColumn, now current: DeploymentStatus, before: DeploymentStatus?) -> String? {
        guard let before, column.alignment == .right, let new = column.number(current),
            let old = column.number(before)
        else { return nil }
        let scale = max(abs(old), abs(new))
        guard scale > 0, abs(new - old) / scale > arrowThreshold else { return nil }
        return new > old ? "↑" : "↓"
    }
}
