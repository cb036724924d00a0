import Analysis
import Fleet
import Terminal

/// `:silences`: the silences not yet expired, soonest to end first: what they match, who set
/// them, until when, and why; `x` expires the selected one.
enum SilencesView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let silences = state.snapshot?.silences
        let title = "Silences" + (silences.map { " (\($0.count))" } ?? "") + " · x expires · Esc back to the alerts"
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        guard let silences else {
            grid.put("reading…", x: inner.x + 1, y: inner.y, width: inner.width - 1, style: Style(.muted))
            return
        }
        guard let index = selectedIndex(state, silences) else {
            grid.put(
                "no silences; s in the alert list silences the selected alert's rule on its deployment",
                x: inner.x + 1,
                y: inner.y,
                width: inner.width - 1,
                style: Style(.muted)
            )
            return
        }
        let rows = silences.map { silence -> [TableCell] in
            let left = ValueFormat.age(silence.endsAt - state.now)
            let starts =
                silence.startsAt > state.now ? "from \(ValueFormat.clock(silence.startsAt, now: state.now)) " : ""
            return [
                TableCell(matchers(silence)),
                TableCell(silence.alertmanager ?? "llmdeck", role: .muted),
                TableCell(silence.createdBy, role: .info),
                TableCell(starts + "until \(ValueFormat.clock(silence.endsAt, now: state.now)) (\(left))"),
                TableCell(silence.comment, role: .muted),
            ]
        }
        Table(
            columns: [
                TableColumn("MATCHES", width: 30, priority: 0),
                TableColumn("IN", width: 12, priority: 1),
                TableColumn("BY", width: 10, priority: 1),
                TableColumn("UNTIL", width: 20, priority: 0),
                TableColumn("COMMENT", width: 12, priority: 0, isFlexible: true),
            ],
            rows: rows,
            state: ScrollState(selected: index)
        ).draw(into: &grid, in: inner)
    }

    /// `latency_p95 on chat-prod`, `every rule on chat-prod`, `drift on every deployment`.
    static func matchers(_ silence: AlertSilence) -> String {
        (silence.ruleID ?? "every rule") + " on " + (silence.deployment ?? "every deployment")
    }

    /// The silence under the cursor (the first when none is chosen or it is gone); nil for none.
    static func selectedIndex(_ state: AppState, _ silences: [AlertSilence]) -> Int? {
        guard !silences.isEmpty else { return nil }
        return state.selectedSilence.flatMap { id in silences.firstIndex { $0.id == id } } ?? 0
    }

    static func move(by delta: Int, in state: inout AppState) {
        guard let silences = state.snapshot?.silences, let index = selectedIndex(state, silences) else { return }
        state.selectedSilence = silences[min(max(0, index + delta), silences.count - 1)].id
    }

    /// `x`: expires the selected silence (only in `:silences`).
    static func expire(in state: inout AppState) -> [ConsoleEffect] {
        guard state.alertsPage == .silences else {
            ConsoleReducer.flash("x expires a silence: :silences lists them", isError: true, in: &state)
            return []
        }
        guard let silences = state.snapshot?.silences, let index = selectedIndex(state, silences) else {
            ConsoleReducer.flash("no silence to expire", isError: true, in: &state)
            return []
        }
        return [.alertAction(.expire(silences[index]))]
    }
}
