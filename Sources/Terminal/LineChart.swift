/// A time-series value; `time` in milliseconds since the Unix epoch, like the Store.
public struct ChartPoint: Sendable, Equatable {
    public var time: Int64
    public var value: Double

    public init(time: Int64, value: Double) {
        self.time = time
        self.value = value
    }
}

/// One line of a chart, drawn in its own role.
public struct ChartSeries: Sendable {
    public var name: String
    public var role: StyleRole
    /// Points in any order; non-finite values are skipped.
    public var points: [ChartPoint]

    public init(name: String, role: StyleRole, points: [ChartPoint]) {
        self.name = name
        self.role = role
        self.points = points
    }
}

/// A vertical marker at a moment (deploy `D`, rollback `R`, alert `!`).
public struct ChartMarker: Sendable {
    /// Milliseconds since the Unix epoch.
    public var time: Int64
    /// One narrow character shown at the top of the marker line.
    public var symbol: Character
    public var role: StyleRole

    public init(time: Int64, symbol: Character, role: StyleRole = .marker) {
        self.time = time
        self.symbol = symbol
        self.role = role
    }
}

/// A line or area chart over a time range, with y labels (min, middle, max) in the chart's unit,
/// relative x labels (`-1h`, `-30m`, `now`) and event markers.
public struct LineChart: Sendable {
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    /// Milliseconds since the Unix epoch; the right edge is `now`.
    public var timeRange: ClosedRange<Int64>
    /// Fixed y range; nil → 0 (or the minimum when negative) up to the maximum value.
    public var valueRange: ClosedRange<Double>?
    public var unit: ChartUnit
    public var glyphs: ChartGlyphs
    /// Fill below the line (area chart) instead of drawing only the line.
    public var fillsArea: Bool

    public init(
        series: [ChartSeries],
        markers: [ChartMarker] = [],
        timeRange: ClosedRange<Int64>,
        valueRange: ClosedRange<Double>? = nil,
        unit: ChartUnit = .number(suffix: ""),
        glyphs: ChartGlyphs = .braille,
        fillsArea: Bool = false
    ) {
        self.series = series
        self.markers = markers
        self.timeRange = timeRange
        self.valueRange = valueRange
        self.unit = unit
        self.glyphs = glyphs
        self.fillsArea = fillsArea
    }

    /// The y range drawn: `valueRange`, or derived from the data (never empty).
    public var effectiveValueRange: ClosedRange<Double> {
        if let valueRange, valueRange.upperBound > valueRange.lowerBound { return valueRange }
        let values = series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        let low = min(0, values.min() ?? 0)
        let high = values.max() ?? 1
        return high > low ? low...high : low...(low + 1)
    }

    /// Draws axes, series and markers in `rect` (y labels left, time labels on the last row).
    public func draw(into grid: inout CellGrid, in rect: Rect) {
        guard rect.width >= 4, rect.height >= 2 else { return }
        let range = effectiveValueRange
        let labels = [range.upperBound, (range.lowerBound + range.upperBound) / 2, range.lowerBound].map(unit.format)
        let gutter = min(labels.map(\.count).max() ?? 0, rect.width / 3)
        let plot = Rect(x: rect.x + gutter + 1, y: rect.y, width: rect.width - gutter - 1, height: rect.height - 1)
        guard plot.width > 0, plot.height > 0 else { return }
        drawYAxis(into: &grid, labels: labels, gutter: gutter, plot: plot)
        drawTimeAxis(into: &grid, plot: plot)
        var canvas = DotCanvas(columns: plot.width, rows: plot.height, glyphs: glyphs)
        for entry in series { rasterize(entry, on: &canvas, range: range) }
        canvas.draw(into: &grid, at: (plot.x, plot.y), background: .background)
        drawMarkers(into: &grid, canvas: canvas, plot: plot)
    }

    /// Writes `● name` for every series in its role, left to right, in one row.
    public func drawLegend(into grid: inout CellGrid, in rect: Rect) {
        var x = rect.x
        for entry in series where x < rect.maxX {
            let label = "● " + entry.name
            x += grid.put(label, x: x, y: rect.y, width: rect.maxX - x, style: Style(entry.role)) + 2
        }
    }

    private func rasterize(_ entry: ChartSeries, on canvas: inout DotCanvas, range: ClosedRange<Double>) {
        let points = entry.points.filter { $0.value.isFinite && timeRange.contains($0.time) }.sorted {
            $0.time < $1.time
        }
        let span = Double(max(1, timeRange.upperBound - timeRange.lowerBound))
        let height = range.upperBound - range.lowerBound
        let dots = points.map { point -> (x: Int, y: Int) in
            let x = (Double(point.time - timeRange.lowerBound) / span * Double(canvas.dotsWide - 1)).rounded()
            let clamped = min(max(point.value, range.lowerBound), range.upperBound)
            let y = ((clamped - range.lowerBound) / height * Double(canvas.dotsHigh - 1)).rounded()
            return (Int(x), Int(y))
        }
        guard let first = dots.first else { return }
        if fillsArea {
            fillArea(dots, on: &canvas, role: entry.role)
            return
        }
        canvas.set(x: first.x, y: first.y, role: entry.role)
        for (start, end) in zip(dots, dots.dropFirst()) { canvas.line(from: start, to: end, role: entry.role) }
    }

    private func fillArea(_ dots: [(x: Int, y: Int)], on canvas: inout DotCanvas, role: StyleRole) {
        func column(_ x: Int, upTo top: Int) {
            for y in 0...max(0, top) { canvas.set(x: x, y: y, role: role) }
        }
        if dots.count == 1 { column(dots[0].x, upTo: dots[0].y) }
        for (start, end) in zip(dots, dots.dropFirst()) {
            let width = max(1, end.x - start.x)
            for x in start.x...max(start.x, end.x) {
                let fraction = Double(x - start.x) / Double(width)
                column(x, upTo: Int((Double(start.y) + fraction * Double(end.y - start.y)).rounded()))
            }
        }
    }

    private func drawYAxis(into grid: inout CellGrid, labels: [String], gutter: Int, plot: Rect) {
        var placed: [(label: String, row: Int)] = [(labels[0], plot.y)]
        if plot.height >= 3 { placed.append((labels[1], plot.y + (plot.height - 1) / 2)) }
        if plot.height >= 2 { placed.append((labels[2], plot.maxY - 1)) }
        for (label, row) in placed {
            grid.put(label, x: plot.x - gutter - 1, y: row, width: gutter, style: Style(.muted), alignment: .right)
        }
        for row in plot.y..<plot.maxY {
            grid.placeNarrow(glyphsAxis, x: plot.x - 1, y: row, style: Style(.border))
        }
    }

    private var glyphsAxis: Character { glyphs == .ascii ? "|" : "┤" }

    private func drawTimeAxis(into grid: inout CellGrid, plot: Rect) {
        let row = plot.maxY
        let span = timeRange.upperBound - timeRange.lowerBound
        let left = "-" + LineChart.formatDuration(span)
        let right = "now"
        let middle = "-" + LineChart.formatDuration(span / 2)
        grid.put(left, x: plot.x, y: row, width: plot.width, style: Style(.muted))
        if span / 2 >= 1000, plot.width >= left.count + middle.count + right.count + 4 {
            grid.put(middle, x: plot.x, y: row, width: plot.width, style: Style(.muted), alignment: .center)
        }
        if plot.width >= left.count + right.count + 2 {
            grid.put(right, x: plot.x, y: row, width: plot.width, style: Style(.muted), alignment: .right)
        }
    }

    private func drawMarkers(into grid: inout CellGrid, canvas: DotCanvas, plot: Rect) {
        let span = Double(max(1, timeRange.upperBound - timeRange.lowerBound))
        for marker in markers where timeRange.contains(marker.time) {
            let column = Int((Double(marker.time - timeRange.lowerBound) / span * Double(plot.width - 1)).rounded())
            let style = Style(marker.role)
            for row in 0..<plot.height where canvas.isEmpty(column: column, row: row) {
                grid.placeNarrow(glyphs == .ascii ? ":" : "┊", x: plot.x + column, y: plot.y + row, style: style)
            }
            grid.put(String(marker.symbol), x: plot.x + column, y: plot.y, width: 1, style: style.with(.bold))
        }
    }

    /// `5m`, `1h`, `6h`, `1d`, `90s`: the largest whole unit of a span in milliseconds.
    public static func formatDuration(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        if seconds >= 86_400, seconds % 86_400 == 0 || seconds >= 2 * 86_400 { return "\(seconds / 86_400)d" }
        if seconds >= 3600, seconds % 3600 == 0 || seconds >= 2 * 3600 { return "\(seconds / 3600)h" }
        if seconds >= 60, seconds % 60 == 0 || seconds >= 120 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
