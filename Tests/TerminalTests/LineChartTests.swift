import Testing

@testable import Terminal

struct LineChartTests {
    private func points(_ values: [Double]) -> [ChartPoint] {
        values.enumerated().map { ChartPoint(time: Int64($0.offset) * 1000, value: $0.element) }
    }

    private func plotOnly(_ chart: LineChart, width: Int, height: Int) -> String {
        var grid = CellGrid(width: width, height: height)
        chart.draw(into: &grid, in: grid.bounds)
        return TextBackend.render(grid)
    }

    @Test func brailleLineHasExactDots() {
        let chart = LineChart(
            series: [ChartSeries(name: "p95", role: .series1, points: points([0, 1, 2, 3]))],
            timeRange: 0...3000,
            valueRange: 0...3,
            unit: .number(suffix: "")
        )
        var grid = CellGrid(width: 4, height: 2)
        chart.draw(into: &grid, in: grid.bounds)
        // Gutter "3"/"0", axis "┤", then a 2×1-cell plot = 4×4 dots: (0,0) (1,1) (2,2) (3,3).
        #expect(TextBackend.render(grid) == "3┤⡠⠊\n  -…")
        #expect(grid[2, 0].style.foreground == .series1)
    }

    @Test func areaChartFillsBelowTheLine() {
        let chart = LineChart(
            series: [ChartSeries(name: "rps", role: .series2, points: points([0, 3]))],
            timeRange: 0...1000,
            valueRange: 0...3,
            fillsArea: true
        )
        var grid = CellGrid(width: 5, height: 2)
        chart.draw(into: &grid, in: grid.bounds)
        let first = TextBackend.render(grid).split(separator: "\n")[0]
        // x dots 0..3: heights 0,1,2,3 filled from the bottom.
        #expect(first == "3┤⣠⣴⣾")
    }

    @Test func blockAndAsciiFallbacksDrawTheSameShape() {
        let series = [ChartSeries(name: "a", role: .series1, points: points([0, 1, 2, 3]))]
        let block = LineChart(series: series, timeRange: 0...3000, valueRange: 0...3, glyphs: .block)
        #expect(plotOnly(block, width: 4, height: 3).split(separator: "\n").prefix(2) == ["3┤ ▞", "0┤▞"])
        let ascii = LineChart(series: series, timeRange: 0...3000, valueRange: 0...3, glyphs: .ascii)
        let lines = plotOnly(ascii, width: 6, height: 3).split(separator: "\n")
        #expect(lines.prefix(2) == [" 3| .'", " 0|.'"])
    }

    @Test func severalSeriesKeepTheirRolesAndAxesCarryUnits() {
        let chart = LineChart(
            series: [
                ChartSeries(name: "p50", role: .series1, points: points([0.1, 0.1])),
                ChartSeries(name: "p99", role: .series3, points: points([1.5, 1.5])),
            ],
            timeRange: 0...1000,
            valueRange: 0...2,
            unit: .seconds
        )
        var grid = CellGrid(width: 20, height: 5)
        chart.draw(into: &grid, in: grid.bounds)
        let text = TextBackend.render(grid).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(text[0].hasPrefix("2s┤"))
        #expect(text[1].hasPrefix("1s┤"))
        #expect(text[2].hasPrefix("  ┤"))
        #expect(text[3].hasPrefix(" 0┤"))
        #expect(text[4] == "   -1s           now")
        let roles = Set((4..<20).map { grid[$0, 1].style.foreground })
        #expect(roles.contains(.series3))
        #expect(Set((4..<20).map { grid[$0, 3].style.foreground }).contains(.series1))
    }

    @Test func deployMarkerDrawsAVerticalLineWithItsSymbol() {
        let hour: Int64 = 3_600_000
        let chart = LineChart(
            series: [],
            markers: [ChartMarker(time: hour / 2, symbol: "D")],
            timeRange: 0...hour,
            valueRange: 0...1,
            unit: .fraction
        )
        var grid = CellGrid(width: 16, height: 4)
        chart.draw(into: &grid, in: grid.bounds)
        let expected = """
            100%┤     D
             50%┤     ┊
              0%┤     ┊
                 -1h     now
            """
        #expect(TextBackend.render(grid) == expected)
        #expect(grid[10, 1].style.foreground == .marker)
    }

    @Test func unitsFormatCompactly() {
        #expect(ChartUnit.seconds.format(0.25) == "250ms")
        #expect(ChartUnit.seconds.format(1.5) == "1.5s")
        #expect(ChartUnit.perSecond.format(1234) == "1.2k/s")
        #expect(ChartUnit.fraction.format(0.42) == "42%")
        #expect(ChartUnit.number(suffix: "tok").format(3_400_000) == "3.4Mtok")
        #expect(LineChart.formatDuration(7 * 86_400_000) == "7d")
        #expect(LineChart.formatDuration(300_000) == "5m")
    }
}
