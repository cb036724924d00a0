import Fleet
import Terminal
import Vocabulary

/// The detail pane: everything known about the selected deployment, as scrollable lines.
enum DetailView {
    static func draw(_ state: AppState, into grid: inout CellGrid, in rect: Rect) {
        guard let deployment = state.selectedDeployment else {
            let inner = BorderBox(title: "Detail", glyphs: state.glyphs).draw(into: &grid, in: rect)
            grid.put("select a deployment in the fleet pane (1)", x: inner.x + 1, y: inner.y, style: Style(.muted))
            return
        }
        let inner = BorderBox(title: "Detail · \(deployment.name)", glyphs: state.glyphs).draw(into: &grid, in: rect)
        let detail = state.snapshot?.detail.flatMap { $0.name == deployment.name ? $0 : nil }
        let lines = lines(for: deployment, detail: detail, now: state.now)
        let offset = min(state.detailScroll.offset, max(0, lines.count - inner.height))
        for (row, line) in lines.dropFirst(offset).prefix(inner.height).enumerated() {
            grid.put(line.text, x: inner.x + 1, y: inner.y + row, width: inner.width - 1, style: Style(line.role))
        }
    }

    static func lines(for deployment: DeploymentStatus, detail: DeploymentDetail?, now: Int64) -> [TableCell] {
        var out: [TableCell] = []
        func field(_ name: String, _ value: String, _ role: StyleRole = .text) {
            out.append(TableCell(pad(name, 12) + value, role: role))
        }
        func section(_ title: String) {
            out.append("")
            out.append(TableCell(title, role: .header))
        }
        field("endpoint", detail?.url ?? (deployment.url.isEmpty ? "-" : deployment.url))
        field("kind", deployment.kind.isEmpty ? "-" : deployment.kind)
        field("environment", deployment.environment)
        field("health", deployment.health?.rawValue ?? "unknown", Thresholds.standard.healthRole(deployment.health))
        if let error = deployment.lastError { field("last error", error, .critical) }
        field("model", deployment.model ?? "-")
        var version = deployment.version ?? "-"
        if let deployedAt = deployment.versionSeenAt {
            version += " (deployed \(ValueFormat.age(now - deployedAt)) ago)"
        }
        field("version", version)
        field(
            "traffic",
            "\(ValueFormat.number(deployment.requestsPerSecond)) req/s, "
                + "\(ValueFormat.percent(deployment.errorRatio))% errors, "
                + "\(ValueFormat.number(deployment.tokensPerSecond)) tok/s"
        )
        // A deployment whose latency is read in turns: its quantiles are over a longer window.
        let turns =
            deployment.latencyWindowSeconds.map { "  over the last \(Int($0.rounded(.up)))s, read in turns" } ?? ""
        field(
            "latency",
            "p50 \(ValueFormat.seconds(deployment.latencySeconds.p50))  p95 \(ValueFormat.seconds(deployment.latencySeconds.p95))  "
                + "p99 \(ValueFormat.seconds(deployment.latencySeconds.p99))  TTFT p95 \(ValueFormat.seconds(deployment.ttftSeconds.p95))"
                + turns
        )
        field(
            "queue",
            "\(ValueFormat.number(deployment.running)) running, \(ValueFormat.number(deployment.waiting)) waiting, "
                + "KV-cache \(ValueFormat.percent(deployment.kvCacheUsage))%"
        )
        guard let detail else {
            out.append("")
            out.append(TableCell("reading history…", role: .muted))
            return out
        }
        section("Health history (newest first)")
        let polls = detail.polls
        if polls.isEmpty { out.append(TableCell("  no polls yet", role: .muted)) }
        let strip = polls.prefix(60).reversed().map { $0.health == .up ? "▪" : $0.health == .degraded ? "▫" : "×" }
        if !strip.isEmpty { out.append(TableCell("  " + strip.joined(), role: .muted)) }
        for poll in polls.prefix(10) {
            var text = "  " + pad(ValueFormat.age(now - poll.time) + " ago", 9) + pad(poll.health.rawValue, 12)
            text += ValueFormat.seconds(poll.duration)
            if let error = poll.error { text += "  " + error }
            out.append(TableCell(text, role: Thresholds.standard.healthRole(poll.health)))
        }
        section("Version history (newest first)")
        if detail.versions.isEmpty { out.append(TableCell("  none observed", role: .muted)) }
        for change in detail.versions.prefix(20) {
            out.append(
                TableCell(
                    "  " + pad(ValueFormat.age(now - change.time) + " ago", 9) + change.model + " " + change.version
                )
            )
        }
        section("Series (\(detail.series.count))")
        for entry in detail.series {
            let labels = entry.labels.isEmpty ? "" : "{\(entry.labels)}"
            out.append(TableCell("  " + pad(entry.kind, 10) + entry.name + labels, role: .muted))
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
