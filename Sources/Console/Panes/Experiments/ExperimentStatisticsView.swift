import Fleet
import Terminal

/// The full statistics of one experiment (Enter in the Experiments pane): every comparison with
/// its fixed-horizon and always-valid figures, the sequential test's settings, the split check
/// and the guardrails, as lines a statistician can check.
enum ExperimentStatisticsView {
    static func draw(_ report: ExperimentReport, state: AppState, into grid: inout CellGrid, in rect: Rect) {
        let inner = BorderBox(title: "\(report.name) · statistics · Enter/Esc back", glyphs: state.glyphs)
            .draw(into: &grid, in: rect)
        for (row, line) in lines(report).prefix(inner.height).enumerated() {
            grid.put(line.text, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: Style(line.role))
        }
    }

    /// The verdict and the split check first (they must not be cut off on a small screen),
    /// then each comparison, the test's settings and the guardrails.
    static func lines(_ report: ExperimentReport) -> [(text: String, role: StyleRole)] {
        var out: [(String, StyleRole)] = [("verdict: " + report.verdict, ExperimentsView.role(of: report.tone))]
        if let ratio = report.sampleRatio {
            let shares = ratio.observedShares.map { ValueFormat.fixed($0 * 100, digits: 2) + "%" }
            let expected = ratio.expectedShares.map { ValueFormat.fixed($0 * 100, digits: 2) + "%" }
            out.append(
                (
                    "sample ratio: \(shares.joined(separator: " / ")) vs \(expected.joined(separator: " / ")) expected, "
                        + "χ² \(ValueFormat.fixed(ratio.chiSquare, digits: 2)) df \(ratio.degreesOfFreedom), "
                        + "p \(ExperimentsView.pText(ratio.pValue))"
                        + (ratio.isMismatch ? " MISMATCH (p < 0.001)" : ""),
                    ratio.isMismatch ? .critical : .text
                )
            )
        }
        for comparison in report.comparisons {
            let name = "\(comparison.variant) vs \(report.control) · \(comparison.metric)"
            out.append(("", .text))
            out.append((name, ExperimentsView.differenceRole(comparison)))
            var difference = "  difference \(ExperimentsView.points(comparison.absoluteDifference))"
            if let relative = comparison.relativeDifference {
                difference +=
                    " (relative " + (relative >= 0 ? "+" : "") + ValueFormat.fixed(relative * 100, digits: 1) + " %)"
            }
            out.append((difference, .text))
            out.append(
                (
                    "  fixed horizon (read once, at a planned end): CI "
                        + "\(ExperimentsView.points(comparison.interval.lower)) … \(ExperimentsView.points(comparison.interval.upper)), "
                        + "z-test p \(ExperimentsView.pText(comparison.pValue))",
                    .muted
                )
            )
            var sequential = "  always valid (safe to watch): p \(ExperimentsView.pText(comparison.alwaysValidPValue))"
            if let band = comparison.confidenceSequence {
                sequential +=
                    ", confidence sequence \(ExperimentsView.points(band.lower)) … \(ExperimentsView.points(band.upper))"
            }
            sequential += comparison.isSignificant ? " · significant after Holm" : " · not significant"
            out.append((sequential, .text))
            if let chance = comparison.chanceToBeatControl {
                out.append(("  chance to beat control " + ValueFormat.fixed(chance * 100, digits: 2) + " %", .text))
            }
        }
        out.append(("", .text))
        var settings = "mSPRT normal mixture"
        if let tau = report.mixingVariance { settings += ", τ² " + scientific(tau) }
        settings += ", a look every " + ValueFormat.age(report.lookInterval)
        out.append((settings, .muted))
        for finding in report.guardrails {
            let change: String
            switch finding.unit {
            case .seconds: change = ValueFormat.seconds(abs(finding.change))
            case .dollars: change = "$" + ValueFormat.fixed(abs(finding.change), digits: 5)
            case .proportion: change = ValueFormat.fixed(abs(finding.change) * 100, digits: 2) + " pts"
            }
            out.append(
                (
                    "guardrail \(finding.metric)\(finding.statistic.map { " " + $0 } ?? "") of \(finding.variant): "
                        + (finding.change >= 0 ? "+" : "−") + change
                        + (finding.isHarmful ? " · beyond the margin" : " · within the margin"),
                    finding.isHarmful ? .critical : .text
                )
            )
        }
        return out
    }

    /// `1.2e-04`.
    static func scientific(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return ValueFormat.fixed(value, digits: 3) }
        var exponent = 0
        var mantissa = value
        while mantissa < 1 {
            mantissa *= 10
            exponent -= 1
        }
        while mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return ValueFormat.fixed(mantissa, digits: 2) + "e" + (exponent < 0 ? "−" : "+") + String(abs(exponent))
    }
}
