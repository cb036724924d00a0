import Fleet
import Terminal

/// The top two rows: fleet summary and data freshness, then the pane tabs.
enum HeaderView {
    static func draw(_ state: AppState, registry: ConsoleRegistry, into grid: inout CellGrid, width: Int) {
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: Style(.title, attributes: [.bold]))
        var x = 0
        func put(_ text: String, _ role: StyleRole, bold: Bool = false) {
            guard x < width else { return }
            x += grid.put(text, x: x, y: 0, width: width - x, style: Style(role, attributes: bold ? [.bold] : []))
        }
        put(" llmdeck ", .title, bold: true)
        // One pass without copies: the header is drawn every frame, over thousands of deployments.
        var up = 0
        var down = 0
        var worst: DeploymentStatus?
        for deployment in state.snapshot?.deployments ?? [] {
            if deployment.isUp { up += 1 } else if deployment.health != nil { down += 1 }
            if let p95 = deployment.latencySeconds.p95, p95 > worst?.latencySeconds.p95 ?? -.infinity {
                worst = deployment
            }
        }
        put("│ ", .border)
        put("\(up) up ", .ok, bold: true)
        put("\(down) down ", down > 0 ? .critical : .muted, bold: down > 0)
        put("│ ", .border)
        // Below 100 columns the worst deployment's name and the pending count give way, so the
        // alert counts and the data's age still fit in 80.
        let isNarrow = width < 100 && state.snapshot?.alertCounts != nil
        if let worst, let p95 = worst.latencySeconds.p95 {
            let thresholds = state.thresholds
            let role = thresholds.role(p95, warning: thresholds.latencyWarning, critical: thresholds.latencyCritical)
            put("worst p95 ", .muted)
            put(ValueFormat.seconds(p95), role == .text ? .text : role, bold: true)
            put(isNarrow ? " " : " \(worst.name) ", .muted)
        } else {
            put("worst p95 - ", .muted)
        }
        put("│ ", .border)
        if let counts = state.snapshot?.alertCounts {
            if !isNarrow { put("alerts ", .muted) }
            if counts.firingCritical > 0 { put("\(counts.firingCritical) crit ", .critical, bold: true) }
            if counts.firingWarning > 0 { put("\(counts.firingWarning) warn ", .warning, bold: true) }
            if counts.firingCritical + counts.firingWarning == 0 { put(isNarrow ? "0 firing " : "none firing ", .ok) }
            if counts.pending > 0, !isNarrow { put("\(counts.pending) pending ", .muted) }
            put("│ ", .border)
        }
        if let age = state.dataAge {
            put(age < 1000 ? "data now " : "data \(ValueFormat.age(age)) ago ", .muted)
        } else {
            put("no data ", .muted)
        }
        if state.isStale { put(" STALE ", .critical, bold: true) }
        if state.isPaused { put(" PAUSED ", .warning, bold: true) }
        if state.isReadOnly { put(" RO ", .info, bold: true) }
        drawTabs(state, registry: registry, into: &grid, width: width)
    }

    private static func drawTabs(_ state: AppState, registry: ConsoleRegistry, into grid: inout CellGrid, width: Int) {
        var x = 0
        for (position, registration) in registry.panes.enumerated() {
            let style = registration.pane == state.pane ? Style.selected : Style(.muted)
            let tab = " \(position + 1) \(registration.title) "
            x += grid.put(tab, x: x, y: 1, width: max(0, width - x), style: style)
            x += 1
        }
        var right = "range \(state.range.rawValue) · refresh \(ConsoleReducer.formatSeconds(state.refreshInterval))"
        if !state.source.isEmpty { right += " · \(state.source)" }
        let room = width - x - 1
        if room > 8 {
            grid.put(right, x: x, y: 1, width: room, style: Style(.muted), alignment: .right)
        }
    }
}
