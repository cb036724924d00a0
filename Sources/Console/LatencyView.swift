import Terminal

/// The latency pane: braille charts of p50/p95/p99 end-to-end latency and TTFT for the selected
/// deployment over the chosen range, with deploy markers.
enum LatencyView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        guard let deployment = state.selectedDeployment else {
            let inner = BorderBox(title: "Latency", glyphs: state.glyphs).draw(into: &grid, in: rect)
            grid.put("select a deployment in the fleet pane (1)", x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        let history = state.snapshot?.latency.flatMap { $0.deployment == deployment.name ? $0 : nil }
        let end = history?.end ?? state.now
        let timeRange = (end - state.range.duration)...end
        let top = rect.splitTop(rect.height / 2)
        let glyphs: ChartGlyphs = state.glyphs == .unicode ? .braille : .ascii
        let title = "\(deployment.name) · \(state.range.rawValue)"
        chart(
            "E2E latency · \(title)",
            history?.e2e,
            markers: history?.markers ?? [],
            timeRange: timeRange,
            glyphs: glyphs,
            state: state,
            into: &grid,
            in: top.top
        )
        chart(
            "TTFT · \(title)",
            history?.ttft,
            markers: history?.markers ?? [],
            timeRange: timeRange,
            glyphs: glyphs,
            state: state,
            into: &grid,
            in: top.rest
        )
    }

    private static func chart(
        _ title: String,
        _ quantiles: QuantileSeries?,
        markers: [TimelineEvent],
        timeRange: ClosedRange<Int64>,
        glyphs: ChartGlyphs,
        state: AppState,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        guard inner.height >= 3 else { return }
        guard let quantiles, !quantiles.isEmpty else {
            let message = state.snapshot?.latency == nil ? "reading…" : "no samples in the last \(state.range.rawValue)"
            grid.put(message, x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        let series = [
            ("p50", StyleRole.series1, quantiles.p50),
            ("p95", StyleRole.series2, quantiles.p95),
            ("p99", StyleRole.series3, quantiles.p99),
        ].map { name, role, points in
            ChartSeries(name: name, role: role, points: points.map { ChartPoint(time: $0.time, value: $0.value) })
        }
        let chart = LineChart(
            series: series,
            markers: markers.map { ChartMarker(time: $0.time, symbol: symbol(for: $0.kind)) },
            timeRange: timeRange,
            unit: .seconds,
            glyphs: glyphs
        )
        let legend = inner.splitTop(1)
        chart.drawLegend(into: &grid, in: legend.top)
        if let last = quantiles.p95.last {
            let text = "p95 now \(ValueFormat.seconds(last.value))"
            grid.put(text, x: inner.x, y: inner.y, width: inner.width, style: Style(.muted), alignment: .right)
        }
        chart.draw(into: &grid, in: legend.rest)
    }

    /// `D` deploy, `R` rollback, `!` alert, `•` anything else.
    static func symbol(for kind: String) -> Character {
        switch kind {
        case "deploy": "D"
        case "rollback": "R"
        case "alert": "!"
        default: "•"
        }
    }
}
