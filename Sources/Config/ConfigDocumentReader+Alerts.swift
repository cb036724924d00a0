import Analysis
import Foundation
import Yams

extension ConfigDocumentReader {
    static let alertsKeys = ["bell", "interval", "builtin", "rules", "drift", "push_to"]
    /// What `alerts.builtin.<id>` may tune, and a custom rule may set besides what it watches.
    static let alertTuningKeys = [
        "window", "warning", "critical", "baseline_factor", "for", "keep_firing_for", "no_data", "minimum_requests",
        "labels", "summary",
    ]
    static let alertRuleKeys = ["id", "name", "metric", "series", "aggregation", "direction"] + alertTuningKeys
    static let driftKeys = ["window", "min_count", "psi_moderate", "psi_major"]
    /// Keys of the built-in drift rule that `alerts.drift` sets instead, with their name there.
    static let driftOwnedKeys = [
        (key: "window", driftKey: "window"), (key: "minimum_requests", driftKey: "min_count"),
        (key: "warning", driftKey: "psi_moderate"), (key: "critical", driftKey: "psi_major"),
    ]

    /// `alerts:`: the bell, the built-ins turned off or tuned, drift settings, custom rules, and
    /// the alertmanager of `sources` they are pushed to.
    func readAlerts(_ node: Node?, sources: SourcesConfig) throws(ConfigError) -> AlertsConfig {
        guard let node, !isNull(node) else {
            return AlertsConfig()
        }
        let context = "in alerts"
        let fields = try mapping(node, named: "'alerts'", allowedKeys: Self.alertsKeys, context: context)
        let drift = try readDrift(fields["drift"])
        let custom = try listItems(
            fields["rules"],
            "alerts.rules",
            hint: "start each rule with '- id:'",
            readItem: readAlertRule(_:position:)
        )
        try rejectDuplicates(
            custom,
            key: \.id,
            at: { $0.mapping?["id"] ?? $0 },
            message: { "duplicate alert rule id '\($0.id)' (first on line \($1)); give each rule a unique id" }
        )
        return AlertsConfig(
            bell: try optionalBool(fields["bell"], "bell", context: context) ?? false,
            rules: try readBuiltIns(fields["builtin"], drift: drift) + custom.map(\.item),
            drift: drift,
            interval: try optionalDuration(fields["interval"], "interval", context: context) ?? AlertsConfig().interval,
            pushTo: try readPushTo(fields["push_to"], sources: sources)
        )
    }

    // MARK: - Sections

    private func readDrift(_ node: Node?) throws(ConfigError) -> DriftConfig {
        var drift = DriftConfig()
        guard let node, !isNull(node) else {
            return drift
        }
        let context = "in alerts.drift"
        let fields = try mapping(node, named: "'drift'", allowedKeys: Self.driftKeys, context: context)
        drift.window = try optionalDuration(fields["window"], "window", context: context) ?? drift.window
        let count = NumberRule(expected: "a whole number of observations, 1 or more", example: "200") {
            $0 >= 1 && $0 <= 1e15 && $0.rounded() == $0
        }
        if let minimum = try optionalNumber(fields["min_count"], "min_count", context: context, rule: count) {
            drift.minimumCount = Int(minimum)
        }
        let psi = { (example: String) in NumberRule(expected: "a PSI above 0", example: example) { $0 > 0 } }
        let moderateNode = fields["psi_moderate"]
        let majorNode = fields["psi_major"]
        drift.psiModerate =
            try optionalNumber(moderateNode, "psi_moderate", context: context, rule: psi("0.1")) ?? drift.psiModerate
        drift.psiMajor =
            try optionalNumber(majorNode, "psi_major", context: context, rule: psi("0.25")) ?? drift.psiMajor
        guard drift.psiModerate < drift.psiMajor else {
            throw error(
                at: moderateNode ?? majorNode ?? node,
                .invalidValue,
                "psi_moderate (\(formatDecimal(drift.psiModerate))) \(context) must be below psi_major "
                    + "(\(formatDecimal(drift.psiMajor))); the usual tiers are 0.1 and 0.25"
            )
        }
        return drift
    }

    /// The built-in rules, drift's set by `drift`, each kept, turned `off`, or tuned.
    private func readBuiltIns(_ node: Node?, drift: DriftConfig) throws(ConfigError) -> [AlertRuleSpec] {
        let defaults = AlertRuleSpec.builtIn.map { $0.id == AlertRuleSpec.drift.id ? drift.applied(to: $0) : $0 }
        guard let node, !isNull(node) else {
            return defaults
        }
        let context = "in alerts.builtin"
        let fields = try mapping(node, named: "'builtin'", allowedKeys: AlertRuleSpec.builtInIDs, context: context)
        var rules: [AlertRuleSpec] = []
        for rule in defaults {
            guard let setting = fields[rule.id], !isNull(setting) else {
                rules.append(rule)
                continue
            }
            guard case .scalar(let scalar) = setting else {
                rules.append(try tuned(rule, by: setting))
                continue
            }
            switch scalar.string.lowercased() {
            case "off":
                continue
            case "on":
                rules.append(rule)
            default:
                throw error(
                    at: setting,
                    .invalidValue,
                    "'\(rule.id)' \(context) must be off, on, or a mapping of what to tune "
                        + "(\(Self.alertTuningKeys.joined(separator: ", "))), got \(describe(setting)); "
                        + "write e.g. \(rule.id): { for: 5m }"
                )
            }
        }
        return rules
    }

    private func tuned(_ rule: AlertRuleSpec, by node: Node) throws(ConfigError) -> AlertRuleSpec {
        let context = "in alerts.builtin.\(rule.id)"
        let fields = try mapping(node, named: "'\(rule.id)'", allowedKeys: Self.alertTuningKeys, context: context)
        if rule.id == AlertRuleSpec.drift.id {
            for (key, driftKey) in Self.driftOwnedKeys {
                if let owned = fields[key] {
                    throw error(
                        at: owned,
                        .invalidValue,
                        "'\(key)' of the built-in drift rule is alerts.drift's \(driftKey), which the drift "
                            + "statistics share; write it there: alerts: { drift: { \(driftKey): … } }"
                    )
                }
            }
        }
        var tuned = rule
        try applyTuning(fields, to: &tuned, context: context)
        try checkThresholds(of: tuned, fields: fields, at: node, context: context)
        return tuned
    }

    // MARK: - Custom rules

    private func readAlertRule(_ node: Node, position: Int) throws(ConfigError) -> AlertRuleSpec {
        let label = "alert rule #\(position)"
        let context = try entryContext(
            node,
            label: label,
            nameKey: "id",
            shape: "at least 'id', 'metric' or 'series', and a warning or critical threshold"
        ) { "in alert rule '\($0)'" }
        let fields = try mapping(node, named: label, allowedKeys: Self.alertRuleKeys, context: context)
        let idNode = try required(fields, "id", in: node, context: context)
        let id = try string(idNode, "id", context: context)
        guard isLabelName(id) else {
            throw error(
                at: idNode,
                .invalidValue,
                "'id' \(context) must be a word of ASCII letters, digits and _, such as slow_ttft; got '\(id)'"
            )
        }
        if AlertRuleSpec.builtInIDs.contains(id) {
            throw error(
                at: idNode,
                .duplicateName,
                "rule id '\(id)' \(context) is a built-in rule; tune it under alerts.builtin.\(id), "
                    + "or give this rule another id"
            )
        }
        let measure = try readMeasure(fields, in: node, context: context)
        let direction: AlertDirection = try optionalChoice(fields["direction"], "direction", context: context) ?? .above
        var rule = AlertRuleSpec(
            id: id,
            name: try optionalString(fields["name"], "name", context: context) ?? id,
            measure: measure,
            aggregation: try readAggregation(fields["aggregation"], of: measure, in: node, context: context),
            window: 300,
            thresholds: AlertThresholds(warning: nil, critical: nil, direction: direction)
        )
        try applyTuning(fields, to: &rule, context: context)
        try checkThresholds(of: rule, fields: fields, at: node, context: context)
        return rule
    }

    private func readMeasure(
        _ fields: [String: Node],
        in node: Node,
        context: String
    ) throws(ConfigError) -> AlertMeasure {
        let metrics = AlertMetric.allCases.map(\.rawValue).joined(separator: ", ")
        switch (fields["metric"], fields["series"]) {
        case (let metricNode?, nil):
            guard let metric: AlertMetric = try optionalChoice(metricNode, "metric", context: context) else {
                break
            }
            return .metric(metric)
        case (nil, let seriesNode?):
            guard let series = try optionalString(seriesNode, "series", context: context) else {
                break
            }
            guard isMetricName(series) else {
                throw error(
                    at: seriesNode,
                    .invalidValue,
                    "'series' \(context) must be a Prometheus series name (ASCII letters, digits, _ and :), "
                        + "such as vllm:num_preemptions_total; got '\(series)'"
                )
            }
            return .series(series)
        case (_?, let seriesNode?):
            throw error(
                at: seriesNode,
                .invalidValue,
                "both 'metric' and 'series' \(context); keep one: metric (\(metrics)) or series (a raw series name)"
            )
        case (nil, nil):
            break
        }
        throw error(
            at: fields["metric"] ?? fields["series"] ?? node,
            .missingKey,
            "missing 'metric' or 'series' \(context); write metric: (one of \(metrics)) "
                + "or series: (a raw series name such as vllm:num_preemptions_total)"
        )
    }

    private func readAggregation(
        _ node: Node?,
        of measure: AlertMeasure,
        in parent: Node,
        context: String
    ) throws(ConfigError) -> AlertAggregation {
        guard let node, !isNull(node) else {
            if case .metric(let metric) = measure {
                return metric.defaultAggregation
            }
            throw error(
                at: parent,
                .missingKey,
                "missing 'aggregation' \(context); a raw series needs rate (counter), quantile(0.95) (histogram) "
                    + "or value (gauge)"
            )
        }
        let text = try string(node, "aggregation", context: context)
        guard let aggregation = AlertAggregation(text: text) else {
            throw error(
                at: node,
                .invalidValue,
                "'aggregation' \(context) must be rate, ratio, value or quantile(q) with 0 < q < 1, got '\(text)'"
            )
        }
        let isAllowed: (AlertAggregation) -> Bool
        let what: String
        switch measure {
        case .metric(let metric):
            isAllowed = metric.allows
            what = metric.rawValue
        case .series(let series):
            isAllowed = { $0 != .ratio }
            what = "a raw series like \(series)"
        }
        guard isAllowed(aggregation) else {
            let forms: [AlertAggregation] = [.rate, .ratio, .quantile(0.95), .value]
            let names = forms.filter(isAllowed).map { $0 == .quantile(0.95) ? "quantile(q)" : $0.text }
            throw error(
                at: node,
                .invalidValue,
                "aggregation '\(text)' does not apply to \(what) \(context); use \(names.joined(separator: " or "))"
            )
        }
        return aggregation
    }

    // MARK: - Tuning

    /// Sets on `rule` each tunable key `fields` gives.
    private func applyTuning(
        _ fields: [String: Node],
        to rule: inout AlertRuleSpec,
        context: String
    ) throws(ConfigError) {
        rule.window = try optionalDuration(fields["window"], "window", context: context) ?? rule.window
        for (key, path) in [("warning", \AlertThresholds.warning), ("critical", \.critical)] {
            if let node = fields[key], !isNull(node) {
                rule.thresholds[keyPath: path] = try threshold(node, key, unit: rule.unit, context: context)
            }
        }
        if let node = fields["baseline_factor"], !isNull(node) {
            rule.thresholds.baselineFactor = try baselineFactor(node, rule.thresholds.direction, context: context)
        }
        rule.holdDuration = try optionalDurationOrZero(fields["for"], "for", context: context) ?? rule.holdDuration
        rule.keepFiringFor =
            try optionalDurationOrZero(fields["keep_firing_for"], "keep_firing_for", context: context)
            ?? rule.keepFiringFor
        rule.noData = try optionalChoice(fields["no_data"], "no_data", context: context) ?? rule.noData
        let requests = NumberRule(expected: "a whole number of requests, 0 for no gate", example: "100") {
            $0 >= 0 && $0 <= 1e15 && $0.rounded() == $0
        }
        if let minimum = try optionalNumber(
            fields["minimum_requests"],
            "minimum_requests",
            context: context,
            rule: requests
        ) {
            rule.minimumRequests = Int(minimum)
        }
        rule.labels = try readAlertLabels(fields["labels"], context: context) ?? rule.labels
        rule.summary = try readSummary(fields["summary"], context: context) ?? rule.summary
    }

    /// Refuses a rule with no threshold, or whose warning is not on the mild side of its critical.
    private func checkThresholds(
        of rule: AlertRuleSpec,
        fields: [String: Node],
        at node: Node,
        context: String
    ) throws(ConfigError) {
        let place = fields["warning"] ?? fields["critical"] ?? node
        guard let warning = rule.thresholds.warning, let critical = rule.thresholds.critical else {
            guard rule.thresholds.warning != nil || rule.thresholds.critical != nil else {
                throw error(
                    at: place,
                    .missingKey,
                    "no threshold \(context); give warning, critical or both, "
                        + "such as critical: \(Self.thresholdExample(rule.unit))"
                )
            }
            return
        }
        let direction = rule.thresholds.direction
        guard direction.reaches(critical, warning), warning != critical else {
            let order = direction == .above ? "below" : "above"
            throw error(
                at: place,
                .invalidValue,
                "warning (\(rule.unit.text(warning))) \(context) must be \(order) critical "
                    + "(\(rule.unit.text(critical))) for a rule that alerts \(direction.rawValue) its thresholds; "
                    + "swap them, or set direction"
            )
        }
    }

    // MARK: - Values

    /// A threshold in the rule's unit; `nil` for `off`.
    private func threshold(
        _ node: Node,
        _ key: String,
        unit: AlertUnit,
        context: String
    ) throws(ConfigError) -> Double? {
        let advice = "write it as \(Self.thresholdForms(unit)), or off"
        guard case .scalar(let scalar) = node else {
            throw error(
                at: node,
                .wrongType,
                "'\(key)' \(context) must be a threshold, got \(describe(node)); \(advice)"
            )
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == "off" {
            return nil
        }
        let value: Double?
        switch unit {
        case .seconds:
            value = parseDuration(text) ?? parseDecimal(Substring(text)).flatMap { $0 >= 0 ? $0 : nil }
        case .fraction:
            let percent = text.hasSuffix("%")
            let digits = percent ? text.dropLast().trimmingCharacters(in: .whitespaces) : text
            value = parseDecimal(Substring(digits), powerOfTen: percent ? -2 : 0).flatMap {
                (0...1).contains($0) ? $0 : nil
            }
        case .count, .perSecond, .number:
            value = parseDecimal(Substring(text))
        }
        guard let value else {
            throw error(at: node, .invalidValue, "'\(key)' \(context) has bad threshold '\(text)'; \(advice)")
        }
        return value
    }

    private static func thresholdForms(_ unit: AlertUnit) -> String {
        switch unit {
        case .seconds: return "a duration such as 2s or 500ms"
        case .fraction: return "a percentage such as 5% or a fraction such as 0.05"
        case .count: return "a number of requests such as 20"
        case .perSecond: return "a change per second such as 0.1"
        case .number: return "a number such as 0.25"
        }
    }

    private static func thresholdExample(_ unit: AlertUnit) -> String {
        switch unit {
        case .seconds: return "2s"
        case .fraction: return "5%"
        case .count: return "20"
        case .perSecond: return "0.1"
        case .number: return "0.25"
        }
    }

    /// A factor over the baseline beyond 1 on the rule's bad side; `nil` for `off`.
    private func baselineFactor(
        _ node: Node,
        _ direction: AlertDirection,
        context: String
    ) throws(ConfigError) -> Double? {
        if case .scalar(let scalar) = node, scalar.string.lowercased() == "off" {
            return nil
        }
        let rule =
            direction == .above
            ? NumberRule(expected: "a factor above 1 (the value must reach baseline × factor), or off", example: "1.5")
            {
                $0 > 1
            }
            : NumberRule(expected: "a factor between 0 and 1 for a rule that alerts below, or off", example: "0.5") {
                $0 > 0 && $0 < 1
            }
        return try number(node, "baseline_factor", context: context, rule: rule)
    }

    /// A duration that may be 0 (`for: 0` fires at once), else as `optionalDuration`.
    private func optionalDurationOrZero(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> Double? {
        if let node, case .scalar(let scalar) = node, parseDuration(scalar.string) == 0 {
            return 0
        }
        return try optionalDuration(node, key, context: context)
    }

    private func readAlertLabels(_ node: Node?, context: String) throws(ConfigError) -> [String: String]? {
        guard let node, !isNull(node) else {
            return nil
        }
        guard case .mapping(let pairs) = node else {
            throw error(
                at: node,
                .wrongType,
                "'labels' \(context) must map label names to values, got \(describe(node)); "
                    + "write e.g. labels: { team: serving }"
            )
        }
        var labels: [String: String] = [:]
        for (key, value) in pairs {
            let name = try string(key, "labels", context: context)
            guard isLabelName(name) else {
                throw error(
                    at: key,
                    .invalidValue,
                    "label '\(name)' \(context) must be a Prometheus label name "
                        + "(ASCII letters, digits and _, not starting with a digit or __)"
                )
            }
            labels[name] = try string(value, name, context: context)
        }
        return labels
    }

    private func readSummary(_ node: Node?, context: String) throws(ConfigError) -> String? {
        guard let node, let summary = try optionalString(node, "summary", context: context) else {
            return nil
        }
        let known = AlertRuleSpec.placeholderNames
        for name in AlertRuleSpec.placeholders(in: summary) where !known.contains(name) {
            let hint =
                closestKey(to: name, among: known).map { "did you mean '{{\($0)}}'?" }
                ?? "use \(known.map { "{{\($0)}}" }.joined(separator: ", "))"
            throw error(
                at: node,
                .invalidValue,
                "'summary' \(context) has unknown placeholder '{{\(name)}}'; \(hint)"
            )
        }
        return summary
    }

    func optionalBool(_ node: Node?, _ key: String, context: String) throws(ConfigError) -> Bool? {
        guard let node, !isNull(node) else {
            return nil
        }
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        throw error(at: node, .invalidValue, "'\(key)' \(context) must be true or false, got \(describe(node))")
    }

    /// One of an enumeration's raw values, with a "did you mean" for a misspelt one.
    func optionalChoice<Choice: RawRepresentable & CaseIterable>(
        _ node: Node?,
        _ key: String,
        context: String
    ) throws(ConfigError) -> Choice? where Choice.RawValue == String {
        guard let node, let text = try optionalString(node, key, context: context) else {
            return nil
        }
        if let choice = Choice(rawValue: text) {
            return choice
        }
        let names = Choice.allCases.map(\.rawValue)
        let hint =
            closestKey(to: text, among: names).map { "did you mean '\($0)'?" }
            ?? "use one of \(names.joined(separator: ", "))"
        throw error(at: node, .invalidValue, "unknown \(key) '\(text)' \(context); \(hint)")
    }
}
