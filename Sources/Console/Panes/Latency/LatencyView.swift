import Fleet
import Terminal

/// The latency pane: braille charts of p50/p95/p99 end-to-end latency and TTFT for the selected
/// deployment over the chosen range, with deploy markers; or, when deployments are marked, their
/// p95s overlaid (one series colour each, in marking order) with a legend.
enum LatencyView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        if !state.marked.isEmpty {
            drawOverlay(state, into: &grid, in: rect)
            return
        }
        guard let deployment = state.selectedDeployment else {
            let inner = BorderBox(title: "Latency", glyphs: state.glyphs).draw(into: &grid, in: rect)
            grid.put("select a deployment in the fleet pane (1)", x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        let history = state.snapshot?.latency.flatMap { $0.deployment == deployment.name ? $0 : nil }
        let end = history?.end ?? state.now
        let timeRange = (history?.start ?? end - state.range.duration)...end
        let halves = rect.splitTop(rect.height / 2)
        let title = "\(deployment.name) · \(state.range.rawValue)"
        if let history, let throughput = history.throughput {
            drawThroughput(throughput, title: title, history: history, timeRange: timeRange, state, &grid, halves)
            return
        }
        let panels: [(String, QuantileSeries?)] = [
            ("E2E latency · " + title, history?.e2e), ("TTFT · " + title, history?.ttft),
        ]
        for ((name, quantiles), area) in zip(panels, [halves.top, halves.rest]) {
            let series = quantiles.map { q in
                [("p50", StyleRole.series1, q.p50), ("p95", .series2, q.p95), ("p99", .series3, q.p99)].map {
                    ChartSeries(name: $0.0, role: $0.1, points: $0.2.map { ChartPoint(time: $0.time, value: $0.value) })
                }
            }
            let note = quantiles?.p95.last.map { "p95 now \(ValueFormat.seconds($0.value))" }
            chart(
                name,
                series ?? [],
                note: note,
                markers: history?.markers ?? [],
                timeRange: timeRange,
                isReading: history == nil,
                state: state,
                into: &grid,
                in: area
            )
        }
    }

    /// A deployment without latency histograms (llama.cpp): what it does export, tokens/s and
    /// the running and waiting requests, in the same two panels.
    private static func drawThroughput(
        _ throughput: ThroughputSeries,
        title: String,
        history: LatencyHistory,
        timeRange: ClosedRange<Int64>,
        _ state: AppState,
        _ grid: inout CellGrid,
        _ halves: (top: Rect, rest: Rect)
    ) {
        func points(_ series: [SeriesPoint]) -> [ChartPoint] {
            series.map { ChartPoint(time: $0.time, value: $0.value) }
        }
        let panels: [(String, [ChartSeries], String?, ChartUnit)] = [
            (
                "Tokens/s (no latency histograms exported) · " + title,
                [ChartSeries(name: "generated tokens/s", role: .series1, points: points(throughput.tokensPerSecond))],
                throughput.tokensPerSecond.last.map { "now \(ValueFormat.number($0.value))/s" },
                .number(suffix: "")
            ),
            (
                "Requests running / waiting · " + title,
                [
                    ChartSeries(name: "running", role: .series2, points: points(throughput.running)),
                    ChartSeries(name: "waiting", role: .series3, points: points(throughput.waiting)),
                ],
                nil,
                .number(suffix: "")
            ),
        ]
        for ((name, series, note, unit), area) in zip(panels, [halves.top, halves.rest]) {
            chart(
                name,
                series,
                note: note,
                markers: history.markers,
                timeRange: timeRange,
                isReading: false,
                unit: unit,
                state: state,
                into: &grid,
                in: area
            )
        }
    }

    /// The marked deployments' e2e p95 and TTFT p95, one series each in marking order.
    private static func drawOverlay(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let histories = state.snapshot?.overlay ?? []
        let byName = Dictionary(histories.map { ($0.deployment, $0) }, uniquingKeysWith: { first, _ in first })
        let end = histories.first?.end ?? state.now
        let timeRange = (histories.map(\.start).min() ?? end - state.range.duration)...end
        let halves = rect.splitTop(rect.height / 2)
        let title = "\(state.marked.count) marked · \(state.range.rawValue)"
        let isReading = !state.marked.contains { byName[$0] != nil }
        let markers = histories.flatMap(\.markers)
        for (name, quantiles, area) in [
            ("E2E latency p95 · " + title, \LatencyHistory.e2e, halves.top),
            ("TTFT p95 · " + title, \LatencyHistory.ttft, halves.rest),
        ] {
            let series = state.marked.prefix(AppState.maximumMarks).enumerated().map { index, deployment in
                ChartSeries(
                    name: deployment,
                    role: StyleRole.chartSeries[index % 8],
                    points: (byName[deployment]?[keyPath: quantiles].p95 ?? []).map {
                        ChartPoint(time: $0.time, value: $0.value)
                    }
                )
            }
            chart(
                name,
                series,
                note: nil,
                markers: markers,
                timeRange: timeRange,
                isReading: isReading,
                state: state,
                into: &grid,
                in: area
            )
        }
    }

    private static func chart(
        _ title: String,
        _ series: [ChartSeries],
        note: String?,
        markers: [TimelineEvent],
        timeRange: ClosedRange<Int64>,
        isReading: Bool,
        unit: ChartUnit = .seconds,
        state: AppState,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        guard inner.height >= 3 else { return }
        guard series.contains(where: { !$0.points.isEmpty }) else {
            let message = isReading ? "reading…" : "no samples in the last \(state.range.rawValue)"
            grid.put(message, x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        let chart = LineChart(
            series: series,
            markers: markers.map { ChartMarker(time: $0.time, symbol: symbol(for: $0.kind)) },
            timeRange: timeRange,
            unit: unit,
            glyphs: state.glyphs == .unicode ? .braille : .ascii
        )
        let legendRows = legend(series, into: &grid, in: inner, maximumRows: max(1, inner.height - 3))
        if let note {
            grid.put(note, x: inner.x, y: inner.y, width: inner.width, style: Style(.muted), alignment: .right)
        }
        chart.draw(into: &grid, in: inner.splitTop(legendRows).rest)
    }

    /// `● name` per series in its colour, wrapping onto further rows (at most `maximumRows`, the
    /// last one cut at the edge) so every overlaid deployment stays named; returns the rows used.
    static func legend(_ series: [ChartSeries], into grid: inout CellGrid, in rect: Rect, maximumRows: Int) -> Int {
        var x = rect.x
        var row = 0
        for entry in series {
            let label = "● " + entry.name
            let width = DisplayWidth.of(label)
            if x > rect.x, x + width > rect.maxX, row + 1 < maximumRows {
                row += 1
                x = rect.x
            }
            guard x < rect.maxX else { break }
            x += grid.put(label, x: x, y: rect.y + row, width: rect.maxX - x, style: Style(entry.role)) + 2
        }
        return row + 1
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
