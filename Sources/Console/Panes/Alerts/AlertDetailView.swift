import Analysis
import Config
import Fleet
import Terminal
import Vocabulary

/// One alert in full: its state and times, the rule with its thresholds, who acknowledged or
/// silenced it; for a drift alert, the baseline and current distributions side by side as bars,
/// bucket by bucket, with each bucket's PSI term and the new ranges marked.
enum AlertDetailView {
    static func draw(_ alert: AlertRecord, state: AppState, title: String, into grid: inout CellGrid, in rect: Rect) {
        let box = "\(alert.ruleName) on \(alert.deployment) · \(title)"
        let inner = BorderBox(title: box, glyphs: state.glyphs).draw(into: &grid, in: rect)
        let text = lines(alert, state: state).flatMap { line in
            wrap(line.text, width: inner.width - 1).map { (text: $0, style: line.style) }
        }
        for (row, line) in text.prefix(inner.height).enumerated() {
            grid.put(line.text, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: line.style)
        }
        guard let drift = alert.drift, inner.height > text.count + 2 else { return }
        let bars = Rect(
            x: inner.x + 1,
            y: inner.y + text.count + 1,
            width: inner.width - 1,
            height: inner.height - text.count - 1
        )
        drawBins(drift, glyphs: state.glyphs, into: &grid, in: bars)
    }

    /// `text` (sanitized) in lines of at most `width` cells, broken at spaces where it can be.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in TextSanitizer.sanitize(text).split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = DisplayWidth.of(String(word))
            if lineWidth > 0, lineWidth + 1 + wordWidth > width {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            line += (lineWidth > 0 ? " " : "") + word
            lineWidth += (lineWidth > 0 ? 1 : 0) + wordWidth
        }
        return lines + [line]
    }

    /// The state first (it must survive a small region), then what, the figures, the rule, the
    /// marks.
    static func lines(_ alert: AlertRecord, state: AppState) -> [(text: String, style: Style)] {
        let rule = state.alertRules.first { $0.id == alert.ruleID }
        let unit = AlertsView.unit(of: alert, rules: state.alertRules)
        let now = state.now
        var headline = alert.phase.rawValue.uppercased()
        if let severity = alert.severity { headline += " · " + severity.rawValue }
        switch alert.phase {
        case .pending: headline += " · " + AlertsView.stateText(alert, state: state)
        case .resolved: headline += " at"
        case .firing, .inactive: headline += " since"
        }
        if let since = alert.since, alert.phase != .pending {
            headline += " \(ValueFormat.timestamp(since)) (\(ValueFormat.age(now - since)) ago)"
        }
        let headlineRole: StyleRole = alert.phase == .firing ? AlertsView.severityRole(alert) : .text
        var out: [(String, Style)] = [
            (headline, Style(headlineRole, attributes: [.bold])),
            (alert.summary, Style(.text)),
        ]
        if let drift = alert.drift {
            out.append((driftFigures(drift, rule: rule), Style(.text)))
            out.append(
                (
                    "baseline \(window(drift.baselineWindow)) · current \(window(drift.currentWindow))",
                    Style(.muted)
                )
            )
        } else {
            var figures = "value " + (alert.value.map(unit.text) ?? "no data")
            if let threshold = alert.threshold {
                figures += " · threshold " + unit.text(threshold) + " (\(alert.severity?.rawValue ?? "warning"))"
            }
            out.append((figures, Style(.text)))
        }
        if let rule {
            out.append((describe(rule), Style(.muted)))
        } else {
            out.append(("rule \(alert.ruleID) is not in force any more (not in the configuration)", Style(.muted)))
        }
        if let who = alert.acknowledgedBy {
            let when = alert.acknowledgedAt.map { " at \(ValueFormat.timestamp($0))" } ?? ""
            out.append(("acknowledged by \(who)\(when)", Style(.info)))
        } else if alert.isOpen {
            out.append(("not acknowledged: a acknowledges, s silences", Style(.muted)))
        }
        if let silence = alert.silence {
            out.append(
                (
                    "silenced until \(ValueFormat.timestamp(silence.endsAt)) by \(silence.createdBy): \(silence.comment)",
                    Style(.info)
                )
            )
        }
        out.append(("source \(alert.source)", Style(.muted)))
        return out
    }

    /// `rule latency_p95: p95 latency over 5m ≥ 5 s warning, ≥ 10 s critical and ≥ 1.5 × its
    /// baseline; for 1m, keeps firing 2m, no data: ok, at least 20 requests`.
    static func describe(_ rule: AlertRuleSpec) -> String {
        let thresholds = rule.thresholds
        let symbol = thresholds.direction == .above ? "≥" : "≤"
        var tiers: [String] = []
        if let warning = thresholds.warning { tiers.append("\(symbol) \(rule.unit.text(warning)) warning") }
        if let critical = thresholds.critical { tiers.append("\(symbol) \(rule.unit.text(critical)) critical") }
        var text = "rule \(rule.id): \(rule.measure.name(under: rule.aggregation)) over \(formatDuration(rule.window)) "
        text += tiers.joined(separator: ", ")
        if let factor = thresholds.baselineFactor {
            text += " and \(symbol) \(ValueFormat.fixed(factor, digits: 2)) × its baseline"
        }
        text += "; for \(formatDuration(rule.holdDuration)), keeps firing \(formatDuration(rule.keepFiringFor))"
        text += ", no data: \(rule.noData.rawValue)"
        if rule.minimumRequests > 0 { text += ", at least \(rule.minimumRequests) requests" }
        return text
    }

    /// `prompt_tokens drifted: PSI 0.31 (major) · KS 0.22 (p 0.0012) · JS 0.18`.
    private static func driftFigures(_ drift: DriftDetail, rule: AlertRuleSpec?) -> String {
        var psi = "PSI " + ValueFormat.fixed(drift.psi, digits: 3)
        if let rule {
            let thresholds = rule.thresholds
            let tier =
                thresholds.critical.map { drift.psi >= $0 } == true
                ? "major" : thresholds.warning.map { drift.psi >= $0 } == true ? "moderate" : "none"
            psi += " (\(tier))"
        }
        var ks = "KS " + ValueFormat.fixed(drift.ks, digits: 3)
        if let p = drift.ksPValue { ks += " (p " + (p < 0.0001 ? "<0.0001" : ValueFormat.fixed(p, digits: 4)) + ")" }
        return "\(drift.feature) drifted: \(psi) · \(ks) · JS \(ValueFormat.fixed(drift.js, digits: 3))"
    }

    private static func window(_ range: ClosedRange<Int64>) -> String {
        "\(ValueFormat.timestamp(range.lowerBound)) – \(ValueFormat.timestamp(range.upperBound))"
    }

    /// One row per bucket: its bound, the baseline's share and the current window's as bars
    /// (scaled to the largest share, so a small bucket's change still shows), the PSI term.
    /// When the buckets do not fit, the ones with the largest terms and the new ranges are kept,
    /// in bound order.
    static func drawBins(_ drift: DriftDetail, glyphs: GlyphSet, into grid: inout CellGrid, in rect: Rect) {
        guard rect.height >= 2, rect.width >= 30 else { return }
        let labelWidth = 10
        let termWidth = 11
        let barWidth = min(40, (rect.width - labelWidth - termWidth - 3) / 2)
        let columns = [
            rect.x, rect.x + labelWidth + 1, rect.x + labelWidth + barWidth + 2, rect.x + labelWidth + 2 * barWidth + 3,
        ]
        let header = Style(.header, attributes: [.bold])
        grid.put("BUCKET", x: columns[0], y: rect.y, width: labelWidth, style: header)
        grid.put("BASELINE", x: columns[1], y: rect.y, width: barWidth, style: header)
        grid.put("CURRENT", x: columns[2], y: rect.y, width: barWidth, style: header)
        grid.put("PSI TERM", x: columns[3], y: rect.y, width: termWidth, style: header, alignment: .right)
        let rows = rect.height - 1
        let shown = binsShown(drift.bins, rows: rows)
        let largest = drift.bins.map { max($0.baselineShare, $0.currentShare) }.max() ?? 0
        for (row, index) in shown.enumerated() {
            let bin = drift.bins[index]
            let y = rect.y + 1 + row
            let role: StyleRole = bin.isNewRange ? .warning : .text
            grid.put("≤ " + bin.upperBound, x: columns[0], y: y, width: labelWidth, style: Style(role))
            for (column, share, barRole) in [
                (columns[1], bin.baselineShare, StyleRole.muted), (columns[2], bin.currentShare, StyleRole.accent),
            ] {
                Gauge(
                    fraction: largest > 0 ? share / largest : 0,
                    label: ValueFormat.fixed(share * 100, digits: 1) + "%",
                    role: barRole,
                    glyphs: glyphs
                ).draw(into: &grid, in: Rect(x: column, y: y, width: barWidth, height: 1))
            }
            let term = bin.isNewRange ? "new range" : ValueFormat.fixed(bin.contribution, digits: 4)
            grid.put(term, x: columns[3], y: y, width: termWidth, style: Style(role), alignment: .right)
        }
        if shown.count < drift.bins.count {
            grid.put(
                "\(drift.bins.count - shown.count) more buckets with smaller terms",
                x: rect.x,
                y: rect.y + rows,
                width: rect.width,
                style: Style(.muted)
            )
        }
    }

    /// The indices of the buckets drawn in `rows` rows: all when they fit; else a row for the
    /// note and, of the rest, new ranges first, then the largest terms (among equal terms the
    /// buckets holding more of either window), in bound order.
    private static func binsShown(_ bins: [DriftBin], rows: Int) -> [Int] {
        guard bins.count > rows else { return Array(bins.indices) }
        let ranked = bins.indices.sorted { left, right in
            let (a, b) = (bins[left], bins[right])
            if a.isNewRange != b.isNewRange { return a.isNewRange }
            if a.contribution != b.contribution { return a.contribution > b.contribution }
            return a.baselineShare + a.currentShare > b.baselineShare + b.currentShare
        }
        return ranked.prefix(max(0, rows - 1)).sorted()
    }
}
