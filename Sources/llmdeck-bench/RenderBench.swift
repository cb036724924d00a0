import ArgumentParser
import Foundation
import Terminal

/// Time to render a full console frame into the cell grid (no terminal I/O): a 200×60 screen with
/// four braille charts of four series each and a 1,000-row fleet table.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time to render a 200×60 frame with 4 charts and a 1,000-row table into the grid (goal < 2 ms)."
    )

    @Option(help: "Frames to render after warm-up.")
    var frames: Int = 2000

    @Option(help: "Screen width in cells.")
    var width: Int = 200

    @Option(help: "Screen height in cells.")
    var height: Int = 60

    func run() throws {
        let scene = RenderScene(rows: 1000)
        var grid = CellGrid(width: width, height: height)
        for frame in 0..<50 { scene.draw(into: &grid, frame: frame) }
        var samples: [Double] = []
        samples.reserveCapacity(frames)
        let clock = ContinuousClock()
        for frame in 0..<max(1, frames) {
            let start = clock.now
            scene.draw(into: &grid, frame: frame)
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
        let command = "swift run -c release llmdeck-bench render --frames \(frames) --width \(width) --height \(height)"
        print(
            String(
                format: "render %dx%d, 4 charts + 1000-row table: median %.3f ms, p99 %.3f ms (goal < 2 ms)",
                width,
                height,
                median,
                p99
            )
        )
        print("  reproduce: \(command)")
    }
}

/// The frame the benchmark draws, built once; only the selection and the time move per frame.
private struct RenderScene {
    let table: Table
    let charts: [LineChart]

    init(rows: Int) {
        let columns = [
            TableColumn("NAME", width: 18, priority: 0, isFlexible: true), TableColumn("ENV", width: 6, priority: 4),
            TableColumn("MODEL", width: 20, priority: 2), TableColumn("VERSION", width: 10, priority: 3),
            TableColumn("REQ/S", width: 7, alignment: .right, priority: 1),
            TableColumn("ERR%", width: 6, alignment: .right, priority: 1),
            TableColumn("P50", width: 7, alignment: .right, priority: 2),
            TableColumn("P95", width: 7, alignment: .right, priority: 0),
            TableColumn("P99", width: 7, alignment: .right, priority: 2),
            TableColumn("TTFT95", width: 7, alignment: .right, priority: 1),
            TableColumn("TOK/S", width: 7, alignment: .right, priority: 2),
            TableColumn("RUN/WAIT", width: 9, alignment: .right, priority: 3),
            TableColumn("KV%", width: 5, alignment: .right, priority: 3),
        ]
        let body: [[TableCell]] = (0..<rows).map { index in
            let p95 = 0.2 + Double(index % 37) / 20
            return [
                TableCell("deployment-\(index)"), "prod", "llama-3.1-8b-instruct", TableCell("v\(index % 9)"),
                TableCell(ChartUnit.compact(Double(index % 400) / 3)), TableCell("0.\(index % 10)"),
                TableCell(ChartUnit.seconds.format(p95 / 3)),
                TableCell(ChartUnit.seconds.format(p95), role: p95 > 1.5 ? .critical : .ok),
                TableCell(ChartUnit.seconds.format(p95 * 1.4)), TableCell(ChartUnit.seconds.format(p95 / 5)),
                TableCell(ChartUnit.compact(Double(index * 13 % 5000))), TableCell("\(index % 16)/\(index % 5)"),
                TableCell("\(index % 100)"),
            ]
        }
        table = Table(columns: columns, rows: body, sortColumn: 7, sortAscending: false)
        let hour: Int64 = 3_600_000
        let step = hour / 600
        charts = (0..<4).map { chart in
            let series = (0..<4).map { line in
                ChartSeries(
                    name: "p\([50, 90, 95, 99][line])",
                    role: StyleRole.chartSeries[line],
                    points: (0...600).map { tick in
                        let phase = Double(tick) / 40 + Double(chart)
                        return ChartPoint(time: Int64(tick) * step, value: Double(line + 1) * (1.2 + sin(phase)) / 4)
                    }
                )
            }
            return LineChart(
                series: series,
                markers: [ChartMarker(time: hour / 3, symbol: "D"), ChartMarker(time: 2 * hour / 3, symbol: "R")],
                timeRange: 0...hour,
                unit: .seconds
            )
        }
    }

    func draw(into grid: inout CellGrid, frame: Int) {
        grid.clear()
        let screen = grid.bounds
        grid.put(
            "llmdeck  1000 deployments  up 998  down 2  worst p95 2.0s  alerts 3",
            x: 0,
            y: 0,
            style: Style(.title)
        )
        let top = Rect(x: 0, y: 1, width: screen.width, height: screen.height / 2 - 1)
        var state = table.state
        state.selected = frame % 1000
        var shown = table
        shown.state = state
        let tableInner = BorderBox(title: "Fleet").draw(into: &grid, in: top)
        shown.draw(into: &grid, in: tableInner)
        let chartsArea = Rect(x: 0, y: top.maxY, width: screen.width, height: screen.height - top.maxY - 1)
        let half = chartsArea.width / 2
        let rowHeight = chartsArea.height / 2
        for (index, chart) in charts.enumerated() {
            let cell = Rect(
                x: chartsArea.x + (index % 2) * half,
                y: chartsArea.y + (index / 2) * rowHeight,
                width: half,
                height: rowHeight
            )
            let inner = BorderBox(title: "Latency \(index + 1)").draw(into: &grid, in: cell)
            chart.drawLegend(into: &grid, in: inner.splitTop(1).top)
            chart.draw(into: &grid, in: inner.splitTop(1).rest)
        }
        grid.put("q quit  ? help  / filter  : command", x: 0, y: screen.height - 1, style: Style(.muted))
    }
}
