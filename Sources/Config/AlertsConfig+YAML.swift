import Analysis

extension AlertsConfig {
    /// The `alerts:` section as `LLMDeckConfig.yamlText` writes it: the bell, interval, push
    /// target and drift settings, every built-in as `off` or with all it can tune, then the
    /// custom rules with every key.
    var yamlLines: [String] {
        var lines = [
            "alerts:",
            "  bell: \(bell)",
            "  interval: \(formatDuration(interval))",
        ]
        if let pushTo {
            lines.append("  push_to: \(quoted(pushTo))")
        }
        lines += [
            "  drift: { window: \(formatDuration(drift.window)), min_count: \(drift.minimumCount), "
                + "psi_moderate: \(formatDecimal(drift.psiModerate)), psi_major: \(formatDecimal(drift.psiMajor)) }",
            "  builtin:",
        ]
        for builtIn in AlertRuleSpec.builtIn {
            guard let rule = rules.first(where: { $0.id == builtIn.id }) else {
                lines.append("    \(builtIn.id): off")
                continue
            }
            let owned = rule.id == AlertRuleSpec.drift.id ? ConfigDocumentReader.driftOwnedKeys.map(\.key) : []
            let tuning = rule.tuningYAML.filter { !owned.contains($0.key) }
            lines.append("    \(rule.id): { \(tuning.map { "\($0.key): \($0.text)" }.joined(separator: ", ")) }")
        }
        let custom = rules.filter { !AlertRuleSpec.builtInIDs.contains($0.id) }
        guard !custom.isEmpty else {
            return lines
        }
        lines.append("  rules:")
        for rule in custom {
            let measure: (key: String, text: String)
            switch rule.measure {
            case .metric(let metric): measure = ("metric", metric.rawValue)
            case .series(let series): measure = ("series", quoted(series))
            }
            let fields =
                [
                    ("id", quoted(rule.id)), ("name", quoted(rule.name)), measure,
                    ("aggregation", rule.aggregation.text), ("direction", rule.thresholds.direction.rawValue),
                ] + rule.tuningYAML
            for (index, field) in fields.enumerated() {
                lines.append((index == 0 ? "    - " : "      ") + "\(field.key): \(field.text)")
            }
        }
        return lines
    }
}

extension AlertRuleSpec {
    /// Each key `alerts.builtin.<id>` tunes, with this rule's value as the reader takes it back.
    fileprivate var tuningYAML: [(key: String, text: String)] {
        let labelPairs = labels.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }
        return [
            ("window", formatDuration(window)),
            ("warning", thresholds.warning.map { formatDecimal($0) } ?? "off"),
            ("critical", thresholds.critical.map { formatDecimal($0) } ?? "off"),
            ("baseline_factor", thresholds.baselineFactor.map { formatDecimal($0) } ?? "off"),
            ("for", formatDuration(holdDuration)),
            ("keep_firing_for", formatDuration(keepFiringFor)),
            ("no_data", noData.rawValue),
            ("minimum_requests", "\(minimumRequests)"),
            ("labels", "{ \(labelPairs.joined(separator: ", ")) }"),
            ("summary", quoted(summary)),
        ]
    }
}
