import Fleet
import Terminal

/// The rollback dialog drawn over the pane, centred in a `Rect`: what the operator decides on
/// (current → target, the figures now against the target's last hour, the open alerts, the
/// exact request) and the fields and buttons. Every string goes through the grid's sanitizing
/// text API; when the region is short, blank rows go first, then the least needed lines.
enum RollbackDialogView {
    /// One row of the dialog: a label, then text in segments, or a field.
    struct Row {
        var label: String
        var segments: [(text: String, style: Style)]
        var field: RollbackDialog.Field?
        /// 0 is kept longest; rows are dropped from the highest number up when the region is
        /// short.
        var priority: Int
        /// Starts at the left edge instead of after the label column (notes, key hints).
        var isFullWidth: Bool

        init(
            _ label: String,
            _ segments: [(text: String, style: Style)] = [],
            field: RollbackDialog.Field? = nil,
            priority: Int = 0,
            isFullWidth: Bool = false
        ) {
            self.label = label
            self.segments = segments
            self.field = field
            self.priority = priority
            self.isFullWidth = isFullWidth
        }

        static let blank = Row("", priority: 3)
    }

    static let labelWidth = 12

    static func draw(_ dialog: RollbackDialog, state: AppState, into grid: inout CellGrid, in bounds: Rect) {
        let placed = frame(
            title: "Roll back \(dialog.deployment)?",
            rows: { width in rows(dialog, state: state, width: width) },
            state: state,
            into: &grid,
            in: bounds
        )
        for (row, rect) in placed {
            let rest = drawLabel(row, isFocused: row.field != nil && row.field == dialog.focus, into: &grid, in: rect)
            switch row.field {
            case .reason:
                drawInput(
                    dialog.reason,
                    isFocused: dialog.focus == .reason,
                    placeholder: "required: why",
                    into: &grid,
                    in: rest
                )
            case .name:
                drawInput(
                    dialog.typedName,
                    isFocused: dialog.focus == .name,
                    placeholder: "type \(dialog.deployment) to confirm (production)",
                    into: &grid,
                    in: rest
                )
            case .cancel, .confirm:
                let confirm = dialog.fields.contains(.confirm) ? "Roll back" : nil
                drawButtons(focus: dialog.focus, confirm: confirm, into: &grid, in: rect)
            case .target, nil:
                drawSegments(row, into: &grid, in: rest)
            }
        }
    }

    /// Draws the dialog's box centred in `bounds` (on a small screen it covers the pane, its
    /// border over the pane's) with the rows that fit, blank rows dropped first, then the least
    /// needed; returns each row kept with the line it goes on. `rows` gets the text width.
    static func frame(
        title: String,
        rows makeRows: (Int) -> [Row],
        state: AppState,
        into grid: inout CellGrid,
        in bounds: Rect
    ) -> [(Row, Rect)] {
        let width = min(bounds.width, 100)
        guard width >= 30, bounds.height >= 8 else { return [] }
        var rows = makeRows(width - 4)
        let room = bounds.height - 2
        for priority in stride(from: 3, through: 1, by: -1) {
            while rows.count > room, let index = rows.lastIndex(where: { $0.priority == priority }) {
                rows.remove(at: index)
            }
        }
        let frame = bounds.centered(width: width, height: min(room, rows.count) + 2)
        grid.fill(frame)
        let inner = BorderBox(
            title: title,
            borderStyle: Style(.critical),
            titleStyle: Style(.critical, attributes: [.bold]),
            glyphs: state.glyphs
        ).draw(into: &grid, in: frame)
        return rows.prefix(inner.height).enumerated().map { offset, row in
            (row, Rect(x: inner.x + 1, y: inner.y + offset, width: inner.width - 2, height: 1))
        }
    }

    /// The row's label (reversed when its field has the focus); returns where the rest goes.
    static func drawLabel(_ row: Row, isFocused: Bool, into grid: inout CellGrid, in rect: Rect) -> Rect {
        let labelStyle = isFocused ? Style(.accent, attributes: [.bold, .reverse]) : Style(.muted)
        if !row.label.isEmpty {
            grid.put(row.label, x: rect.x, y: rect.y, width: min(rect.width, labelWidth - 1), style: labelStyle)
        }
        let column = row.isFullWidth ? rect.x : rect.x + labelWidth
        return Rect(x: column, y: rect.y, width: max(0, rect.maxX - column), height: 1)
    }

    static func drawSegments(_ row: Row, into grid: inout CellGrid, in rect: Rect) {
        var column = rect.x
        for segment in row.segments where column < rect.maxX {
            column += grid.put(segment.text, x: column, y: rect.y, width: rect.maxX - column, style: segment.style)
        }
    }

    static func drawInput(
        _ input: TextInput,
        isFocused: Bool,
        placeholder: String,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        if isFocused {
            input.draw(into: &grid, in: rect)
        } else if input.text.isEmpty {
            grid.put(placeholder, x: rect.x, y: rect.y, width: rect.width, style: Style(.muted, attributes: [.dim]))
        } else {
            grid.put(input.text, x: rect.x, y: rect.y, width: rect.width, style: Style(.text))
        }
    }

    /// `[ Cancel ]  [ Roll back ]`, the focused one reversed; only Cancel when `confirm` is nil.
    static func drawButtons(focus: RollbackDialog.Field, confirm: String?, into grid: inout CellGrid, in rect: Rect) {
        var x = rect.x
        var buttons: [(RollbackDialog.Field, String)] = [(.cancel, "Cancel")]
        if let confirm { buttons.append((.confirm, confirm)) }
        for (field, label) in buttons {
            let role: StyleRole = field == .confirm ? .critical : .accent
            let style =
                focus == field ? Style(role, attributes: [.reverse, .bold]) : Style(field == .confirm ? role : .text)
            x += grid.put("[ \(label) ]", x: x, y: rect.y, width: max(0, rect.maxX - x), style: style) + 2
        }
    }

    /// Every row, most needed first within each part.
    static func rows(_ dialog: RollbackDialog, state: AppState, width: Int) -> [Row] {
        guard let proposal = dialog.proposal else {
            return [
                Row("", [("planning the rollback of \(dialog.deployment) …", Style(.muted))], isFullWidth: true),
                .blank,
                Row("", field: .cancel),
            ]
        }
        let arrow = state.glyphs == .ascii ? " -> " : " → "
        let now = state.now
        var rows: [Row] = []
        let environmentRole: StyleRole = proposal.isProduction ? .warning : .text
        rows.append(
            Row(
                "deployment",
                [(proposal.deployment, Style(.text, attributes: [.bold])), (" · ", Style(.muted))]
                    + [(proposal.environment, Style(environmentRole, attributes: proposal.isProduction ? [.bold] : []))]
            )
        )
        let from = (proposal.current.version, Style(.critical, attributes: [.bold]))
        let to = (proposal.target.version, Style(.ok, attributes: [.bold]))
        let versionsWidth = DisplayWidth.of(proposal.current.version + arrow + proposal.target.version)
        if versionsWidth <= width - labelWidth {
            rows.append(Row("roll back", [from, (arrow, Style(.muted)), to]))
        } else {
            rows.append(Row("roll back", [from]))
            rows.append(Row("", [(arrow.trimmingLeadingSpace, Style(.muted)), to]))
        }
        rows.append(
            Row(
                "current",
                [
                    (proposal.current.version, Style(.text)),
                    ("  live since " + since(proposal.current, now: now), Style(.muted)),
                ]
                    + model(proposal.current, unlike: proposal.target),
                priority: 1
            )
        )
        var target: [(String, Style)] = [
            (proposal.target.version, Style(.text)),
            ("  live " + span(proposal.target, now: now), Style(.muted)),
        ]
        target += model(proposal.target, unlike: proposal.current)
        if proposal.candidates.count > 1 {
            let position = (proposal.candidates.firstIndex { $0.version == proposal.target.version } ?? 0) + 1
            target.append(("  ↑↓ \(position) of \(proposal.candidates.count)", Style(.accent)))
        }
        rows.append(Row("target", target, field: .target))
        rows.append(.blank)
        rows += figureRows(proposal)
        rows.append(.blank)
        rows += alertRows(proposal, width: width)
        rows += requestRows(proposal.request, problem: proposal.requestProblem, width: width)
        rows.append(.blank)
        if proposal.request != nil {
            rows.append(Row("reason", field: .reason))
            if proposal.isProduction { rows.append(Row("type name", field: .name)) }
            rows.append(.blank)
        }
        rows.append(Row("", field: .cancel))
        rows.append(footer(dialog))
        return rows
    }

    private static func figureRows(_ proposal: RollbackProposal) -> [Row] {
        let column = 14
        func pair(_ label: String, _ now: String, _ before: String, priority: Int) -> Row {
            Row(label, [(pad(now, column), Style(.text)), (before, Style(.text))], priority: priority)
        }
        let header = Row(
            "",
            [(pad("now (5m)", column), Style(.header)), ("target's last hour", Style(.header))],
            priority: 2
        )
        return [
            header,
            pair(
                "p95",
                ValueFormat.seconds(proposal.now.p95),
                ValueFormat.seconds(proposal.before.p95),
                priority: 1
            ),
            pair(
                "TTFT p95",
                ValueFormat.seconds(proposal.now.ttftP95),
                ValueFormat.seconds(proposal.before.ttftP95),
                priority: 2
            ),
            pair("errors", percent(proposal.now.errorRatio), percent(proposal.before.errorRatio), priority: 1),
            pair(
                "req/s",
                ValueFormat.number(proposal.now.requestsPerSecond),
                ValueFormat.number(proposal.before.requestsPerSecond),
                priority: 2
            ),
        ]
    }

    private static func alertRows(_ proposal: RollbackProposal, width: Int) -> [Row] {
        guard !proposal.openAlerts.isEmpty else { return [Row("alerts", [("none open", Style(.ok))], priority: 2)] }
        let shown = proposal.openAlerts.prefix(3)
        var rows = shown.enumerated().map { index, alert in
            let role: StyleRole = alert.severity == .critical ? .critical : .warning
            return Row(
                index == 0 ? "alerts" : "",
                [
                    (AlertsView.severityText(alert.severity) + " ", Style(role, attributes: [.bold])),
                    (alert.phase.rawValue + " · " + alert.summary, Style(.text)),
                ],
                priority: index == 0 ? 1 : 2
            )
        }
        if proposal.openAlerts.count > shown.count {
            rows.append(Row("", [("+\(proposal.openAlerts.count - shown.count) more", Style(.muted))], priority: 2))
        }
        return rows
    }

    /// The exact command or request, line by line (long lines wrapped); or why there is none.
    static func requestRows(_ request: String?, problem: String?, width: Int) -> [Row] {
        let room = max(10, width - labelWidth)
        guard let request else {
            let problem = problem ?? "no action is configured"
            return AlertDetailView.wrap(problem, width: room).enumerated().map { index, line in
                Row(index == 0 ? "no action" : "", [(line, Style(.warning))], priority: 0)
            }
        }
        let lines = request.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            AlertDetailView.wrap(String(line), width: room)
        }
        return lines.enumerated().map { index, line in
            Row(index == 0 ? "request" : "", [(line, Style(.info))], priority: index == 0 ? 0 : 2)
        }
    }

    /// The note of the last refused key, else the keys.
    private static func footer(_ dialog: RollbackDialog) -> Row {
        if let note = dialog.note {
            return Row("", [(note, Style(.critical, attributes: [.bold]))], isFullWidth: true)
        }
        if dialog.isPlanning, dialog.proposal != nil {
            return Row("", [("updating the plan …", Style(.muted))], priority: 1, isFullWidth: true)
        }
        let keys =
            dialog.fields.contains(.confirm)
            ? "Tab/S-Tab move · ↑↓ picks the target · Enter presses · Esc cancels"
            : "Enter or Esc closes"
        return Row("", [(keys, Style(.muted))], priority: 1, isFullWidth: true)
    }

    /// `12:01Z (3m)`.
    private static func since(_ version: RollbackProposal.Version, now: Int64) -> String {
        ValueFormat.clock(version.from, now: now) + " (" + ValueFormat.age(now - version.from) + ")"
    }

    /// `11:00Z – 12:01Z (1h)`.
    private static func span(_ version: RollbackProposal.Version, now: Int64) -> String {
        ValueFormat.clock(version.from, now: now) + " – " + ValueFormat.clock(version.until, now: now) + " ("
            + ValueFormat.age(version.until - version.from) + ")"
    }

    private static func model(
        _ version: RollbackProposal.Version,
        unlike other: RollbackProposal.Version
    ) -> [(String, Style)] {
        version.model == other.model || version.model.isEmpty ? [] : [("  model " + version.model, Style(.muted))]
    }

    static func percent(_ ratio: Double?) -> String {
        ratio == nil ? "-" : ValueFormat.percent(ratio) + " %"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    /// `→ ` from ` → `: the arrow starting a continuation line.
    fileprivate var trimmingLeadingSpace: String { String(drop { $0 == " " }) }
}
