import Terminal

/// The Audit pane: the audit trail newest first, one row an action (time, actor, action,
/// subject, from → to, outcome, status, reason), and the selected row in full below when there
/// is room, or on the whole pane with Enter.
enum AuditView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        guard let trail = state.auditTrail else {
            message("reading…", Style(.muted), state: state, into: &grid, in: rect)
            return
        }
        if let error = trail.error {
            message("the audit trail cannot be read: " + error, Style(.critical), state: state, into: &grid, in: rect)
            return
        }
        guard let index = selectedIndex(state, trail.rows) else {
            let text =
                "nothing audited yet: R on a deployment (Fleet, Latency, Detail, Alerts) rolls it back; every "
                + "rollback, its verification, refusals and failures are kept here (llmdeck audit --verify checks the chain)"
            message(text, Style(.muted), state: state, into: &grid, in: rect)
            return
        }
        let row = trail.rows[index]
        if state.showsAuditDetail {
            drawDetail(row, state: state, title: "Enter/Esc back", into: &grid, in: rect)
            return
        }
        let listHeight = min(trail.rows.count + 3, max(5, rect.height / 2))
        let halves = rect.splitTop(listHeight)
        drawList(trail.rows, selected: index, state: state, into: &grid, in: halves.top)
        if halves.rest.height >= 5 {
            drawDetail(row, state: state, title: "Enter: whole pane", into: &grid, in: halves.rest)
        }
    }

    /// The row under the cursor (the newest when none is chosen or it is gone); nil for none.
    static func selectedIndex(_ state: AppState, _ rows: [AuditRow]) -> Int? {
        guard !rows.isEmpty else { return nil }
        return state.selectedAuditID.flatMap { id in rows.firstIndex { $0.id == id } } ?? 0
    }

    /// j/k, g/G: through the rows, newest first.
    static func move(by delta: Int, in state: inout AppState) -> [ConsoleEffect] {
        guard let rows = state.auditTrail?.rows, let index = selectedIndex(state, rows) else { return [] }
        let next = Int(clamping: min(max(0, Int64(index) + Int64(delta)), Int64(rows.count - 1)))
        state.selectedAuditID = rows[next].id
        return []
    }

    private static func message(
        _ text: String,
        _ style: Style,
        state: AppState,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        let inner = BorderBox(title: "Audit", glyphs: state.glyphs).draw(into: &grid, in: rect)
        for (row, line) in AlertDetailView.wrap(text, width: inner.width - 1).prefix(inner.height).enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: style)
        }
    }

    static func drawList(_ rows: [AuditRow], selected: Int, state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let title = "Audit (\(rows.count)\(rows.count >= AuditTrail.limit ? ", newest" : "")) · newest first"
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        let arrow = state.glyphs == .ascii ? " -> " : " → "
        let cells = rows.map { row -> [TableCell] in
            [
                TableCell(time(row.time, now: state.now), role: .muted),
                TableCell(row.actor),
                TableCell(row.action),
                TableCell(row.subject),
                TableCell(versions(row, arrow: arrow)),
                TableCell(row.outcome, role: outcomeRole(row.outcome)),
                TableCell(row.status ?? "-", role: .muted),
                TableCell(row.reason),
            ]
        }
        Table(
            columns: [
                TableColumn("TIME", width: 12, priority: 0),
                TableColumn("ACTOR", width: 10, priority: 1),
                TableColumn("ACTION", width: 8, priority: 0),
                TableColumn("SUBJECT", width: 14, priority: 0),
                TableColumn("FROM → TO", width: 24, priority: 1),
                TableColumn("OUTCOME", width: 17, priority: 0),
                TableColumn("STATUS", width: 10, priority: 2),
                TableColumn("REASON", width: 10, priority: 0, isFlexible: true),
            ],
            rows: cells,
            state: ScrollState(selected: selected)
        ).draw(into: &grid, in: inner)
    }

    /// One row in full: what, when, who, why, how it ended, the request, the output and the
    /// evidence shown at confirm time, wrapped.
    static func drawDetail(_ row: AuditRow, state: AppState, title: String, into grid: inout CellGrid, in rect: Rect) {
        let box = "#\(row.id) \(row.action) \(row.subject) · \(title)"
        let inner = BorderBox(title: box, glyphs: state.glyphs).draw(into: &grid, in: rect)
        let text = lines(row, state: state).flatMap { line in
            AlertDetailView.wrap(line.text, width: inner.width - 1).map { (text: $0, style: line.style) }
        }
        for (offset, line) in text.prefix(inner.height).enumerated() {
            grid.put(line.text, x: inner.x + 1, y: inner.y + offset, width: inner.width - 1, style: line.style)
        }
    }

    static func lines(_ row: AuditRow, state: AppState) -> [(text: String, style: Style)] {
        let arrow = state.glyphs == .ascii ? " -> " : " → "
        var lines: [(String, Style)] = [
            (
                "\(row.outcome.uppercased())" + (row.status.map { " · " + $0 } ?? ""),
                Style(outcomeRole(row.outcome), attributes: [.bold])
            ),
            (
                "\(ValueFormat.timestamp(row.time)) · \(row.actor) · \(row.action) \(row.subjectKind) \(row.subject)",
                Style(.text)
            ),
        ]
        if row.fromVersion != nil || row.toVersion != nil {
            lines.append(("versions " + versions(row, arrow: arrow), Style(.text)))
        }
        lines.append(("reason: " + row.reason, Style(.text)))
        if let refersTo = row.refersTo { lines.append(("about audit row #\(refersTo)", Style(.muted))) }
        lines.append(("request (secrets masked):", Style(.header, attributes: [.bold])))
        lines += row.request.split(separator: "\n").map { (String($0), Style(.info)) }
        if let output = row.output, !output.isEmpty {
            lines.append(("output:", Style(.header, attributes: [.bold])))
            lines += output.split(separator: "\n").map { (String($0), Style(.text)) }
        }
        if let evidence = row.evidence, !evidence.isEmpty {
            lines.append(("evidence shown at confirm time:", Style(.header, attributes: [.bold])))
            lines.append((spaced(json: evidence), Style(.muted)))
        }
        return lines
    }

    /// JSON text with a space after each `,` and `:` outside strings, so it wraps at them.
    static func spaced(json: String) -> String {
        var out = ""
        var isInString = false
        var isEscaped = false
        for character in json {
            out.append(character)
            if isInString {
                if isEscaped {
                    isEscaped = false
                } else if character == "\\" {
                    isEscaped = true
                } else if character == "\"" {
                    isInString = false
                }
            } else if character == "\"" {
                isInString = true
            } else if character == "," || character == ":" {
                out.append(" ")
            }
        }
        return out
    }

    /// `v1 → v2`, `-` for an action without versions.
    private static func versions(_ row: AuditRow, arrow: String) -> String {
        guard row.fromVersion != nil || row.toVersion != nil else { return "-" }
        return (row.fromVersion ?? "?") + arrow + (row.toVersion ?? "?")
    }

    /// Done and verified green, a dry run muted, refused a warning, anything else (failed, not
    /// verified) critical.
    static func outcomeRole(_ outcome: String) -> StyleRole {
        switch outcome {
        case "done", "verified": .ok
        case "dry-run": .muted
        case "refused": .warning
        default: .critical
        }
    }

    /// `15:04:05Z` on the day of `now` (UTC), `01-02 15:04Z` on another.
    static func time(_ milliseconds: Int64, now: Int64) -> String {
        let time = UTCTime(milliseconds)
        let today = UTCTime(now)
        guard (time.year, time.month, time.day) == (today.year, today.month, today.day) else {
            return ValueFormat.clock(milliseconds, now: now)
        }
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(two(time.hour)):\(two(time.minute)):\(two(time.second))Z"
    }
}
