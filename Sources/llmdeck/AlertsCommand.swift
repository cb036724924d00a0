import Analysis
import ArgumentParser
import Config
import Fleet
import Foundation
import Store
import Vocabulary

/// `llmdeck alerts`: the alerts in the store, for cron and CI: exit 1 while something fires.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Print the firing, pending and lately resolved alerts; exit 1 while one fires.",
        discussion: """
            Reads the alert states the collecting process (llmdeck collect, or the console with \
            its collector) keeps in the store; safe while it runs. The configuration's alert \
            rules name them; the alerts of configured alertmanager sources come along (as of the \
            collecting process's last read; SOURCE names it), and a source that could not be read \
            is reported on stderr. Exit 0 when nothing fires, 1 when something fires \
            (acknowledged or silenced too), 2 on bad input (no store, a bad configuration). \
            --json: {"alerts": [...], "alertmanagers": [...]}, times in ISO 8601 UTC, null where \
            there is no value. `ack` and `silence` act on one alert.
            """,
        subcommands: [AlertsAckCommand.self, AlertsSilenceCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Every alert the store holds, not only the open and lately resolved ones.")
    var all = false

    func run() throws {
        let configuration = try global.loadConfiguration()
        let path = configuration.store.path
        guard FileManager.default.fileExists(atPath: path) else {
            CommandBridge.printError("llmdeck alerts: no store at \(path); start `llmdeck collect` first")
            throw ExitCode(2)
        }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let alerts: [AlertRecord]
        let sources: [AlertmanagerSourceStatus]
        do {
            let reader = AlertReader(store: try Store(path: path, readOnly: true), rules: configuration.alerts.rules)
            alerts = try reader.alerts(now: now, all: all)
            sources = try reader.alertmanagerSources()
        } catch {
            CommandBridge.printError("llmdeck alerts: cannot read store \(path): \(error)")
            throw ExitCode(2)
        }
        if json {
            print(try Self.json(alerts, sources: sources))
        } else {
            print(Self.table(alerts, rules: configuration.alerts.rules, now: now), terminator: "")
        }
        for source in sources {
            guard let error = source.error else { continue }
            let read = source.readAt.map { "; its alerts as of \(isoTime($0))" } ?? ""
            CommandBridge.printError(
                "llmdeck alerts: alertmanager \(source.source) not read at \(isoTime(source.checkedAt))\(read): "
                    + TextSanitizer.sanitize(error)
            )
        }
        if alerts.contains(where: { $0.phase == .firing }) { throw ExitCode(1) }
    }

    /// The `alerts --json` document: one object per alert, every key present; and how the last read of
    /// each Alertmanager went.
    static func json(_ alerts: [AlertRecord], sources: [AlertmanagerSourceStatus] = []) throws -> String {
        struct Document: Encodable {
            var alerts: [AlertJSON]
            var alertmanagers: [SourceJSON]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(alerts: alerts.map(AlertJSON.init), alertmanagers: sources.map(SourceJSON.init))
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// One aligned line per alert under a header; store- and server-supplied text (deployment
    /// names, summaries, who acted, comments) passes through `TextSanitizer`.
    static func table(_ alerts: [AlertRecord], rules: [AlertRuleSpec], now: Int64) -> String {
        guard !alerts.isEmpty else { return "no alerts: nothing firing or pending, nothing resolved in 15 minutes\n" }
        let header = [
            "SEVERITY", "STATE", "SINCE", "RULE", "DEPLOYMENT", "VALUE", "THRESHOLD", "MARKS", "SOURCE", "SUMMARY",
        ]
        let rows = alerts.map { alert -> [String] in
            let unit = rules.first { $0.id == alert.ruleID }?.unit ?? .number
            var state = alert.phase.rawValue
            if let firesIn = alert.firesIn { state += " (fires in \(formatDuration(Double(firesIn / 1000))))" }
            var marks: [String] = []
            if let who = alert.acknowledgedBy { marks.append("acknowledged by \(who)") }
            if let silence = alert.silence {
                marks.append("silenced until \(isoTime(silence.endsAt))")
            } else if !alert.silencedBy.isEmpty, alert.acknowledgedBy == nil {
                marks.append("silenced by \(alert.silencedBy.joined(separator: " "))")
            }
            return [
                alert.severity?.rawValue ?? "-", state, alert.since.map(isoTime) ?? "-", alert.ruleID,
                alert.deployment.isEmpty ? "-" : alert.deployment, alert.value.map(unit.text) ?? "-",
                alert.threshold.map(unit.text) ?? "-", marks.joined(separator: ", "), alert.source, alert.summary,
            ].map(TextSanitizer.sanitize)
        }
        return AlignedTable.text([header] + rows)
    }
}

/// Milliseconds since the Unix epoch as ISO 8601 UTC (`2026-11-29T15:04:34Z`), as `ab --json`
/// and `status --json` write times.
private func isoTime(_ milliseconds: Int64) -> String {
    UTCTime.iso8601(milliseconds: milliseconds)
}

/// A finite number, or nil (JSON `null`) for NaN and infinities.
private func jsonNumber(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }

/// One alert of `alerts --json`.
private struct AlertJSON: Encodable {
    var record: AlertRecord

    init(_ record: AlertRecord) { self.record = record }

    enum CodingKeys: String, CodingKey {
        case id, rule, deployment, severity, state, since, value, threshold, summary, source, drift, fingerprint
        case labels
        case sourceName = "source_name"
        case silencedBy = "silenced_by"
        case firesInSeconds = "fires_in_seconds"
        case acknowledgedBy = "acknowledged_by"
        case acknowledgedAt = "acknowledged_at"
        case silencedUntil = "silenced_until"
    }

    enum DriftKeys: String, CodingKey {
        case feature, psi, ks, js, bins
        case ksPValue = "ks_p_value"
        case baselineWindow = "baseline_window"
        case currentWindow = "current_window"
    }

    enum WindowKeys: String, CodingKey { case from, to }

    enum BinKeys: String, CodingKey {
        case contribution
        case upperBound = "upper_bound"
        case baselineCount = "baseline_count"
        case currentCount = "current_count"
        case baselineShare = "baseline_share"
        case currentShare = "current_share"
        case newRange = "new_range"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.id, forKey: .id)
        try container.encode(record.ruleID, forKey: .rule)
        try container.encode(record.deployment, forKey: .deployment)
        try container.encode(record.severity?.rawValue, forKey: .severity)
        try container.encode(record.phase.rawValue, forKey: .state)
        try container.encode(record.since.map(isoTime), forKey: .since)
        try container.encode(record.firesIn.map { Double($0) / 1000 }, forKey: .firesInSeconds)
        try container.encode(jsonNumber(record.value), forKey: .value)
        try container.encode(jsonNumber(record.threshold), forKey: .threshold)
        try container.encode(record.summary, forKey: .summary)
        try container.encode(record.acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(record.acknowledgedAt.map(isoTime), forKey: .acknowledgedAt)
        try container.encode(record.silence.map { isoTime($0.endsAt) }, forKey: .silencedUntil)
        try container.encode(record.origin.rawValue, forKey: .source)
        try container.encode(record.source, forKey: .sourceName)
        try container.encode(record.fingerprint, forKey: .fingerprint)
        try container.encode(record.labels, forKey: .labels)
        try container.encode(record.silencedBy, forKey: .silencedBy)
        guard let drift = record.drift else {
            try container.encodeNil(forKey: .drift)
            return
        }
        var detail = container.nestedContainer(keyedBy: DriftKeys.self, forKey: .drift)
        try detail.encode(drift.feature, forKey: .feature)
        try detail.encode(jsonNumber(drift.psi), forKey: .psi)
        try detail.encode(jsonNumber(drift.ks), forKey: .ks)
        try detail.encode(jsonNumber(drift.ksPValue), forKey: .ksPValue)
        try detail.encode(jsonNumber(drift.js), forKey: .js)
        for (key, window) in [(DriftKeys.baselineWindow, drift.baselineWindow), (.currentWindow, drift.currentWindow)] {
            var range = detail.nestedContainer(keyedBy: WindowKeys.self, forKey: key)
            try range.encode(isoTime(window.lowerBound), forKey: .from)
            try range.encode(isoTime(window.upperBound), forKey: .to)
        }
        var bins = detail.nestedUnkeyedContainer(forKey: .bins)
        for bin in drift.bins {
            var entry = bins.nestedContainer(keyedBy: BinKeys.self)
            try entry.encode(bin.upperBound, forKey: .upperBound)
            try entry.encode(jsonNumber(bin.baselineCount), forKey: .baselineCount)
            try entry.encode(jsonNumber(bin.currentCount), forKey: .currentCount)
            try entry.encode(jsonNumber(bin.baselineShare), forKey: .baselineShare)
            try entry.encode(jsonNumber(bin.currentShare), forKey: .currentShare)
            try entry.encode(jsonNumber(bin.contribution), forKey: .contribution)
            try entry.encode(bin.isNewRange, forKey: .newRange)
        }
    }
}

/// How the last read of an Alertmanager went, in `alerts --json`.
private struct SourceJSON: Encodable {
    var status: AlertmanagerSourceStatus

    init(_ status: AlertmanagerSourceStatus) { self.status = status }

    enum CodingKeys: String, CodingKey {
        case name, url, ok, error
        case checkedAt = "checked_at"
        case readAt = "read_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status.source, forKey: .name)
        try container.encode(status.url, forKey: .url)
        try container.encode(status.error == nil, forKey: .ok)
        try container.encode(status.error, forKey: .error)
        try container.encode(isoTime(status.checkedAt), forKey: .checkedAt)
        try container.encode(status.readAt.map(isoTime), forKey: .readAt)
    }
}
