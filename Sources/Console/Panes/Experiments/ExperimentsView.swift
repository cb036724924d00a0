import Fleet
import Terminal

/// The Experiments pane: the experiment list on top; below, the selected experiment's split
/// check (before any result: a broken split makes the rest untrustworthy), its variants, the
/// difference from control converging inside its always-valid band, and the verdict. Each part
/// draws into any rectangle, so an overview screen can compose them smaller.
enum ExperimentsView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        guard let experiments = state.snapshot?.experiments else {
            let inner = BorderBox(title: "Experiments", glyphs: state.glyphs).draw(into: &grid, in: rect)
            grid.put("reading…", x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        guard !experiments.isEmpty else {
            let inner = BorderBox(title: "Experiments", glyphs: state.glyphs).draw(into: &grid, in: rect)
            let lines = [
                "no experiments in the store",
                "an application exports llm_prompt_requests_total{experiment,variant,outcome} (README: metric contract)",
            ]
            for (row, line) in lines.enumerated() where row < inner.height {
                grid.put(line, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: Style(.muted))
            }
            return
        }
        let index = selectedIndex(state, experiments)
        let report = experiments[index]
        if state.showsExperimentStatistics {
            ExperimentStatisticsView.draw(report, state: state, into: &grid, in: rect)
            return
        }
        let listHeight = min(experiments.count + 3, max(4, rect.height / 3))
        let halves = rect.splitTop(listHeight)
        drawList(experiments, selected: index, state: state, into: &grid, in: halves.top)
        drawExperiment(report, state: state, into: &grid, in: halves.rest)
    }

    /// The experiment under the cursor (the first when none is chosen or it is gone).
    static func selectedIndex(_ state: AppState, _ experiments: [ExperimentReport]) -> Int {
        state.selectedExperiment.flatMap { name in experiments.firstIndex { $0.name == name } } ?? 0
    }

    /// j/k in the pane: the cursor moves through the experiments of the last snapshot.
    static func move(by delta: Int, in state: inout AppState) -> [ConsoleEffect] {
        guard let experiments = state.snapshot?.experiments, !experiments.isEmpty else { return [] }
        let index = min(max(0, selectedIndex(state, experiments) + delta), experiments.count - 1)
        state.selectedExperiment = experiments[index].name
        return []
    }

    static func role(of tone: VerdictTone) -> StyleRole {
        switch tone {
        case .good: .ok
        case .bad: .critical
        case .neutral: .text
        case .pending: .muted
        }
    }

    /// One row per experiment: name, deployments, variants, requests, verdict in its colour.
    static func drawList(
        _ experiments: [ExperimentReport],
        selected: Int,
        state: AppState,
        into grid: inout CellGrid,
        in rect: Rect
    ) {
        let inner = BorderBox(title: "Experiments (\(experiments.count))", glyphs: state.glyphs).draw(
            into: &grid,
            in: rect
        )
        let rows = experiments.map { report -> [TableCell] in
            [
                TableCell(report.name),
                TableCell("\(report.deployments.count)"),
                TableCell("\(report.variants.count)"),
                TableCell(ValueFormat.number(report.variants.reduce(0) { $0 + $1.requests })),
                TableCell(report.verdict, role: role(of: report.tone)),
            ]
        }
        let table = Table(
            columns: [
                TableColumn("EXPERIMENT", width: 18, priority: 0),
                TableColumn("DEPL", width: 4, alignment: .right, priority: 2),
                TableColumn("VAR", width: 3, alignment: .right, priority: 2),
                TableColumn("REQUESTS", width: 8, alignment: .right, priority: 1),
                TableColumn("VERDICT", width: 30, priority: 0, isFlexible: true),
            ],
            rows: rows,
            state: ScrollState(selected: selected)
        )
        table.draw(into: &grid, in: inner)
    }

    /// The selected experiment: split check, variants, difference chart, verdict.
    static func drawExperiment(_ report: ExperimentReport, state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let since = ValueFormat.age(max(0, state.now - report.startedAt))
        let title =
            "\(report.name) · control \(report.control) · since \(since) ago · \(report.deployments.count) deployments"
        let inner = BorderBox(title: title, glyphs: state.glyphs).draw(into: &grid, in: rect)
        guard inner.height > 0 else { return }
        var y = inner.y
        if let ratio = report.sampleRatio {
            let observed = ratio.observedShares.map { ValueFormat.fixed($0 * 100, digits: 0) }.joined(separator: "/")
            let expected = ratio.expectedShares.map { ValueFormat.fixed($0 * 100, digits: 0) }.joined(separator: "/")
            let text =
                ratio.isMismatch
                ? "SAMPLE RATIO MISMATCH \(observed) vs \(expected) expected (p \(pText(ratio.pValue))): results below are not trustworthy"
                : "split \(observed) vs \(expected) expected · SRM p \(pText(ratio.pValue))"
            grid.put(
                text,
                x: inner.x + 1,
                y: y,
                width: inner.width - 1,
                style: Style(ratio.isMismatch ? .critical : .muted, attributes: ratio.isMismatch ? [.bold] : [])
            )
            y += 1
        }
        grid.put(
            "Verdict: " + report.verdict,
            x: inner.x + 1,
            y: y,
            width: inner.width - 1,
            style: Style(role(of: report.tone), attributes: [.bold])
        )
        y += 1
        let tableHeight = min(report.variants.count + 1, max(0, inner.y + inner.height - y))
        drawVariants(report, into: &grid, in: Rect(x: inner.x, y: y, width: inner.width, height: tableHeight))
        y += tableHeight + 1
        let chartHeight = inner.y + inner.height - y
        if chartHeight >= 4 {
            drawDifference(
                report,
                state: state,
                into: &grid,
                in: Rect(x: inner.x, y: y, width: inner.width, height: chartHeight)
            )
        }
    }

    /// One row per variant (control first) with its figures since the start.
    static func drawVariants(_ report: ExperimentReport, into grid: inout CellGrid, in rect: Rect) {
        let rows = report.variants.map { variant -> [TableCell] in
            let comparison = report.comparisons.first { $0.variant == variant.name && $0.metric == "success_rate" }
            return [
                TableCell(variant.name + (variant.name == report.control ? " (control)" : "")),
                TableCell(ValueFormat.number(variant.requests)),
                TableCell(variant.successRate.map { ValueFormat.fixed($0 * 100, digits: 2) + "%" } ?? "-"),
                TableCell(
                    variant.successInterval.map {
                        ValueFormat.fixed($0.lower * 100, digits: 1) + "–"
                            + ValueFormat.fixed($0.upper * 100, digits: 1)
                    } ?? "-"
                ),
                TableCell(
                    comparison.map { points($0.absoluteDifference) } ?? "",
                    role: comparison.map(differenceRole) ?? .text
                ),
                TableCell(comparison.map { pText($0.alwaysValidPValue) } ?? ""),
                TableCell(comparison?.chanceToBeatControl.map { ValueFormat.fixed($0 * 100, digits: 1) + "%" } ?? ""),
                TableCell(ValueFormat.seconds(variant.latencyP95)),
                TableCell(variant.tokensPerRequest.map { ValueFormat.number($0) } ?? "-"),
                TableCell(variant.costPerRequest.map { "$" + ValueFormat.fixed($0, digits: 4) } ?? "-"),
                TableCell(variant.positiveFeedbackRate.map { ValueFormat.fixed($0 * 100, digits: 1) + "%" } ?? "-"),
            ]
        }
        Table(
            columns: [
                TableColumn("VARIANT", width: 12, priority: 0, isFlexible: true),
                TableColumn("REQ", width: 7, alignment: .right, priority: 0),
                TableColumn("SUCCESS", width: 7, alignment: .right, priority: 0),
                TableColumn("95% CI", width: 11, alignment: .right, priority: 3),
                TableColumn("Δ", width: 10, alignment: .right, priority: 0),
                TableColumn("AV P", width: 7, alignment: .right, priority: 1),
                TableColumn("P(BEAT)", width: 7, alignment: .right, priority: 2),
                TableColumn("P95", width: 6, alignment: .right, priority: 2),
                TableColumn("TOK/REQ", width: 7, alignment: .right, priority: 4),
                TableColumn("$/REQ", width: 8, alignment: .right, priority: 4),
                TableColumn("POS%", width: 5, alignment: .right, priority: 5),
            ],
            rows: rows,
            state: ScrollState(selected: nil)
        ).draw(into: &grid, in: rect)
    }

    /// Each treatment's success-rate difference from control over time, with the always-valid
    /// band (the running intersection of the confidence sequence) around it.
    static func drawDifference(_ report: ExperimentReport, state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let treatments = report.variants.dropFirst().map(\.name)
        var series: [ChartSeries] = []
        for (index, name) in treatments.prefix(3).enumerated() {
            let points = report.history[name] ?? []
            let role = StyleRole.chartSeries[index % 8]
            series.append(
                ChartSeries(
                    name: "\(name) − \(report.control)",
                    role: role,
                    points: points.map { ChartPoint(time: $0.time, value: $0.difference) }
                )
            )
            if index == 0 {
                series.append(
                    ChartSeries(
                        name: "always-valid band",
                        role: .muted,
                        points: points.map { ChartPoint(time: $0.time, value: $0.lower) }
                    )
                )
                series.append(
                    ChartSeries(
                        name: "",
                        role: .muted,
                        points: points.map { ChartPoint(time: $0.time, value: $0.upper) }
                    )
                )
            }
        }
        let times = series.flatMap { $0.points.map(\.time) }
        guard let first = times.min(), let last = times.max() else {
            grid.put(
                "no looks yet: the difference is charted once both arms have requests",
                x: rect.x + 1,
                y: rect.y,
                width: rect.width - 1,
                style: Style(.muted)
            )
            return
        }
        let named = series.filter { !$0.name.isEmpty }
        let legendRows = LatencyView.legend(
            named,
            into: &grid,
            in: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 1, height: 1),
            maximumRows: 1
        )
        let values = series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        let low = min(0, values.min() ?? 0)
        let high = max(0, values.max() ?? 0)
        let chart = LineChart(
            series: series,
            timeRange: min(first, report.startedAt)...max(last, first + 1),
            valueRange: low < high ? low...high : nil,
            unit: .fraction,
            glyphs: state.glyphs == .unicode ? .braille : .ascii
        )
        chart.draw(
            into: &grid,
            in: Rect(x: rect.x, y: rect.y + legendRows, width: rect.width, height: rect.height - legendRows)
        )
    }

    static func differenceRole(_ comparison: ExperimentComparison) -> StyleRole {
        guard comparison.isSignificant else { return .text }
        return comparison.absoluteDifference > 0 ? .ok : .critical
    }

    /// A difference of rates in percentage points, signed.
    static func points(_ difference: Double) -> String {
        (difference >= 0 ? "+" : "") + ValueFormat.fixed(difference * 100, digits: 2) + " pts"
    }

    static func pText(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : ValueFormat.fixed(p, digits: 4) }
}
