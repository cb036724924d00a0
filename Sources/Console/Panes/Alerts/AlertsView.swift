import Analysis
import Fleet
import Terminal

/// The Alerts pane: the alerts in reading order (firing, critical first; pending, soonest to
/// fire first; resolved in the last 15 minutes) and, below when there is room, the selected
/// alert's detail. Each part draws into any rectangle, so an overview screen can compose them.
enum AlertsView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        if state.alertsPage == .silences {
            SilencesView.draw(state, into: &grid, in: rect)
            return
        }
        guard let alerts = state.snapshot?.alerts else {
            let inner = BorderBox(title: "Alerts", glyphs: state.glyphs).draw(into: &grid, in: rect)
            grid.put("reading…", x: inner.x + 1, y: inner.y, width: inner.width - 1, style: Style(.muted))
            return
        }
        guard let index = selectedIndex(state, alerts) else {
            drawEmpty(state, into: &grid, in: rect)
            return
        }
        if state.alertsPage == .detail {
            AlertDetailView.draw(alerts[index], state: state, title: "Enter/Esc back", into: &grid, in: rect)
            return
        }
        let listHeight = min(alerts.count + 3, max(5, rect.height / 2))
        let halves = rect.splitTop(listHeight)
        drawList(alerts, selected: index, state: state, into: &grid, in: halves.top)
        if halves.rest.height >= 5 {
            AlertDetailView.draw(alerts[index], state: state, title: "Enter: whole pane", into: &grid, in: halves.rest)
        }
    }

    /// The alert under the cursor (the first when none is chosen or it is gone); nil for none.
    static func selectedIndex(_ state: AppState, _ alerts: [AlertRecord]) -> Int? {
        guard !alerts.isEmpty else { return nil }
        return state.selectedAlert.flatMap { id in alerts.firstIndex { $0.id == id } } ?? 0
    }

    static func selectedAlert(_ state: AppState) -> AlertRecord? {
        guard let alerts = state.snapshot?.alerts, let index = selectedIndex(state, alerts) else { return nil }
        return alerts[index]
    }

    /// j/k: through the alerts, or the silences in `:silences`.
    static func move(by delta: Int, in state: inout AppState) -> [ConsoleEffect] {
        if state.alertsPage == .silences {
            SilencesView.move(by: delta, in: &state)
            return []
        }
        guard let alerts = state.snapshot?.alerts, let index = selectedIndex(state, alerts) else { return [] }
        state.selectedAlert = alerts[min(max(0, index + delta), alerts.count - 1)].id
        return []
    }

    /// `a`: acknowledges the selected alert when it is open.
    static func acknowledge(in state: inout AppState) -> [ConsoleEffect] {
        guard state.alertsPage != .silences else {
            ConsoleReducer.flash("a acknowledges an alert: Esc back to the alert list", isError: true, in: &state)
            return []
        }
        guard let alert = selectedAlert(state) else {
            ConsoleReducer.flash("no alert to acknowledge", isError: true, in: &state)
            return []
        }
        guard alert.isOpen else {
            ConsoleReducer.flash(
                "\(alert.ruleName) on \(alert.deployment) is \(alert.phase.rawValue): only a firing or pending alert is acknowledged",
                isError: true,
                in: &state
            )
            return []
        }
        if alert.origin == .alertmanager {
            guard alert.acknowledgedBy == nil else {
                ConsoleReducer.flash("\(alert.ruleName) is acknowledged already", isError: true, in: &state)
                return []
            }
            state.mode = .silence(SilencePrompt(alertmanager: alert, acknowledging: true))
            return []
        }
        return [.alertAction(.acknowledge(alert))]
    }

    /// `s`: asks how long and why to silence the selected alert's rule on its deployment.
    static func askSilence(in state: inout AppState) -> [ConsoleEffect] {
        guard state.alertsPage != .silences, let alert = selectedAlert(state) else {
            ConsoleReducer.flash("s silences the selected alert: pick one in the alert list", isError: true, in: &state)
            return []
        }
        state.mode = .silence(
            alert.origin == .alertmanager
                ? SilencePrompt(alertmanager: alert, acknowledging: false)
                : SilencePrompt(ruleID: alert.ruleID, deployment: alert.deployment)
        )
        return []
    }

    private static func drawEmpty(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let inner = BorderBox(title: "Alerts (0)", glyphs: state.glyphs).draw(into: &grid, in: rect)
        let rules = state.alertRules.map(\.id).joined(separator: ", ")
        let lines = [
            ("nothing firing or pending, nothing resolved in the last 15 minutes", Style(.ok)),
            ("rules in force (\(state.alertRules.count)): \(rules)", Style(.muted)),
            (":silences lists the silences", Style(.muted)),
        ]
        for (row, line) in lines.enumerated() where row < inner.height {
            grid.put(line.0, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: line.1)
        }
    }

    /// One row per alert: severity, deployment, what in words, state and since, value, marks.
    static func drawList(
        _ alerts: [AlertRecord],
        selected: Int,
        state: AppState,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        let firing = alerts.filter { $0.phase == .firing }.count
        let pending = alerts.filter { $0.phase == .pending }.count
        let title = "Alerts (\(alerts.count)) · \(firing) firing · \(pending) pending"
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        let rows = alerts.map { alert -> [TableCell] in
            let role = rowRole(alert)
            return [
                TableCell(severityText(alert.severity), role: alert.phase == .resolved ? .muted : severityRole(alert)),
                TableCell(alert.deployment, role: role),
                TableCell(alert.summary, role: role),
                TableCell(stateText(alert, state: state), role: role),
                TableCell(valueText(alert, rules: state.alertRules), role: role),
                TableCell(marks(alert, now: state.now), role: .info),
            ]
        }
        Table(
            columns: [
                TableColumn("SEV", width: 4, priority: 0),
                TableColumn("DEPLOYMENT", width: 14, priority: 0),
                TableColumn("WHAT", width: 20, priority: 0, isFlexible: true),
                TableColumn("STATE", width: 12, priority: 0),
                TableColumn("VALUE", width: 8, alignment: .right, priority: 2),
                TableColumn("MARKS", width: 22, priority: 1),
            ],
            rows: rows,
            state: ScrollState(selected: selected)
        ).draw(into: &grid, in: inner)
    }

    static func severityText(_ severity: AlertSeverity?) -> String {
        switch severity {
        case .critical: "crit"
        case .warning: "warn"
        case nil: "-"
        }
    }

    /// Critical red, warning yellow; nil (no data yet) warning.
    static func severityRole(_ alert: AlertRecord) -> StyleRole {
        alert.severity == .critical ? .critical : .warning
    }

    private static func rowRole(_ alert: AlertRecord) -> StyleRole {
        switch alert.phase {
        case .firing, .pending: .text
        case .resolved, .inactive: .muted
        }
    }

    /// `firing 3m`, `fires in 42s` (counted down from the read), `resolved 2m`.
    static func stateText(_ alert: AlertRecord, state: AppState) -> String {
        let age = alert.since.map { ValueFormat.age(state.now - $0) } ?? "?"
        switch alert.phase {
        case .firing: return "firing " + age
        case .pending:
            guard let firesIn = alert.firesIn else { return "pending" }
            let left = firesIn - max(0, state.now - (state.snapshot?.takenAt ?? state.now))
            return left < 1000 ? "fires now" : "fires in " + ValueFormat.age(left)
        case .resolved: return "resolved " + age
        case .inactive: return "inactive"
        }
    }

    /// The last value in the rule's unit (`2.9 s`, `5.2 %`); `-` without one.
    static func valueText(_ alert: AlertRecord, rules: [AlertRuleSpec]) -> String {
        guard let value = alert.value else { return "-" }
        return unit(of: alert, rules: rules).text(value)
    }

    /// The unit of `alert`'s rule; a plain number when the rule is not in force any more.
    static func unit(of alert: AlertRecord, rules: [AlertRuleSpec]) -> AlertUnit {
        rules.first { $0.id == alert.ruleID }?.unit ?? .number
    }

    /// `ack alice`, `silenced until 15:04Z`, or both shortened.
    static func marks(_ alert: AlertRecord, now: Int64) -> String {
        let acknowledged = alert.acknowledgedBy.map { "ack " + $0 }
        guard let silence = alert.silence else { return acknowledged ?? "" }
        guard let acknowledged else { return "silenced until " + ValueFormat.clock(silence.endsAt, now: now) }
        return acknowledged + ", silenced"
    }
}
