import Foundation
import Yams

extension ConfigDocumentReader {
    static let settingsKeys = ["alpha", "minimum_detectable_effect", "minimum_requests", "sequential", "guardrails"]
    static let experimentsKeys = ["metrics", "labels", "success_outcomes"] + settingsKeys + ["list"]
    static let experimentKeys = ["name", "control", "split", "start"] + settingsKeys + ["promote", "rollback"]
    static let sequentialKeys = ["planned_requests", "tau_squared"]
    static let guardrailKeys = ["latency_p95", "error_rate", "cost_per_request"]

    /// `experiments:`: metric and label names, default settings and the listed experiments.
    func readExperiments(_ node: Node?) throws(ConfigError) -> ExperimentsConfig {
        guard let node, !isNull(node) else {
            return ExperimentsConfig()
        }
        let context = "in experiments"
        let fields = try mapping(node, named: "'experiments'", allowedKeys: Self.experimentsKeys, context: context)
        let overrides = try readSettings(fields, context: context) { "in experiments.\($0)" }
        let list = try namedItems(
            fields["list"],
            "experiments.list",
            noun: "experiment",
            name: \.name,
            readItem: readExperiment(_:position:)
        )
        return ExperimentsConfig(
            metrics: try readMetricNames(fields["metrics"]),
            labels: try readLabelNames(fields["labels"]),
            successOutcomes: try readSuccessOutcomes(fields["success_outcomes"]),
            defaults: ExperimentSettingsConfig().applying(overrides),
            list: list
        )
    }

    // MARK: - Names

    private func readMetricNames(_ node: Node?) throws(ConfigError) -> ExperimentMetricNames {
        try renamed(
            node,
            in: "experiments.metrics",
            defaults: ExperimentMetricNames(),
            fields: ExperimentMetricNames.fields,
            rule: "a Prometheus metric name (ASCII letters, digits, _ and :, not starting with a digit)",
            isValid: isMetricName
        )
    }

    private func readLabelNames(_ node: Node?) throws(ConfigError) -> ExperimentLabelNames {
        try renamed(
            node,
            in: "experiments.labels",
            defaults: ExperimentLabelNames(),
            fields: ExperimentLabelNames.fields,
            rule: "a Prometheus label name (ASCII letters, digits and _, not starting with a digit or __)",
            isValid: isLabelName
        )
    }

    /// `defaults` with each name the mapping gives in its place, each checked by `isValid`.
    private func renamed<Names>(
        _ node: Node?,
        in section: String,
        defaults: Names,
        fields: [(key: String, path: WritableKeyPath<Names, String>)],
        rule: String,
        isValid: (String) -> Bool
    ) throws(ConfigError) -> Names {
        guard let node, !isNull(node) else {
            return defaults
        }
        let context = "in \(section)"
        let values = try mapping(node, named: "'\(section)'", allowedKeys: fields.map(\.key), context: context)
        var names = defaults
        for (key, path) in fields {
            guard let valueNode = values[key], let name = try optionalString(valueNode, key, context: context) else {
                continue
            }
            guard isValid(name) else {
                throw error(
                    at: valueNode,
                    .invalidValue,
                    "'\(key)' \(context) must be \(rule), got '\(name)'; write e.g. \(key): \(defaults[keyPath: path])"
                )
            }
            names[keyPath: path] = name
        }
        return names
    }

    private func readSuccessOutcomes(_ node: Node?) throws(ConfigError) -> [String] {
        guard let node, !isNull(node) else {
            return ExperimentsConfig.defaultSuccessOutcomes
        }
        let context = "in experiments"
        guard case .sequence(let items) = node else {
            throw error(
                at: node,
                .wrongType,
                "'success_outcomes' \(context) must be a list of outcome label values, got \(describe(node)); "
                    + "write e.g. success_outcomes: [success]"
            )
        }
        guard !items.isEmpty else {
            throw error(
                at: node,
                .invalidValue,
                "'success_outcomes' \(context) is empty; list the outcome values that count as success, "
                    + "such as [success]"
            )
        }
        var outcomes: [String] = []
        for item in items {
            outcomes.append(try string(item, "success_outcomes", context: context))
        }
        return outcomes
    }

    // MARK: - Experiments

    private func readExperiment(_ node: Node, position: Int) throws(ConfigError) -> ExperimentConfig {
        let context = try entryContext(
            node,
            label: "experiment #\(position)",
            nameKey: "name",
            shape: "at least 'name'"
        ) { "in experiment '\($0)'" }
        let fields = try mapping(
            node,
            named: "experiment #\(position)",
            allowedKeys: Self.experimentKeys,
            context: context
        )
        let name = try requiredString(fields, "name", in: node, context: context)
        let nested = { (section: String) in "in \(section) of experiment '\(name)'" }
        let split = try readSplit(fields["split"], context: context, weightContext: nested("split"))
        let control = try optionalString(fields["control"], "control", context: context)
        if let control, let controlNode = fields["control"], !split.isEmpty,
            !split.contains(where: { $0.variant == control })
        {
            let variants = split.map(\.variant).joined(separator: ", ")
            throw error(
                at: controlNode,
                .invalidValue,
                "control '\(control)' \(context) is not in its split (\(variants)); "
                    + "name one of those or add '\(control)' to the split"
            )
        }
        return ExperimentConfig(
            name: name,
            control: control,
            split: split,
            start: try optionalTimestamp(fields["start"], "start", context: context),
            overrides: try readSettings(fields, context: context, nested: nested),
            promote: try optionalAction(fields["promote"], "promote", nested: nested, unavailable: []),
            rollback: try optionalAction(fields["rollback"], "rollback", nested: nested, unavailable: [])
        )
    }

    private func readSplit(
        _ node: Node?,
        context: String,
        weightContext: String
    ) throws(ConfigError) -> [VariantWeight] {
        guard let node, !isNull(node) else {
            return []
        }
        let example = "such as split: { a: 50, b: 50 }; omit it for an equal split"
        guard case .mapping(let pairs) = node else {
            throw error(
                at: node,
                .wrongType,
                "'split' \(context) must map each variant to its expected traffic weight, got \(describe(node)); "
                    + "write it \(example)"
            )
        }
        var weights: [VariantWeight] = []
        for (key, value) in pairs {
            let variant = try string(key, "variant", context: weightContext)
            let weight = try number(
                value,
                variant,
                context: weightContext,
                rule: NumberRule(expected: "a positive weight", example: "50") { $0 > 0 }
            )
            weights.append(VariantWeight(variant: variant, weight: weight))
        }
        guard weights.count >= 2 else {
            throw error(
                at: node,
                .invalidValue,
                "'split' \(context) needs every variant with its weight, at least two, \(example)"
            )
        }
        return weights
    }

    // MARK: - Settings

    /// The settings keys of `experiments:` or of one experiment, as overrides.
    /// - Parameter nested: the context of a nested section's keys ("in experiments.guardrails").
    private func readSettings(
        _ fields: [String: Node],
        context: String,
        nested: (String) -> String
    ) throws(ConfigError) -> ExperimentSettingsOverrides {
        let alpha = NumberRule(expected: "a number between 0 and 0.5 (exclusive)", example: "0.05") {
            $0 > 0 && $0 < 0.5
        }
        let effect = NumberRule(
            expected: "an absolute change of success rate between 0 and 1 (exclusive)",
            example: "0.01"
        ) { $0 > 0 && $0 < 1 }
        let requests = NumberRule(expected: "a whole number of requests per arm, 1 or more", example: "150") {
            $0 >= 1 && $0 <= 1e15 && $0.rounded() == $0
        }
        let minimumRequests = try optionalNumber(
            fields["minimum_requests"],
            "minimum_requests",
            context: context,
            rule: requests
        )
        return ExperimentSettingsOverrides(
            alpha: try optionalNumber(fields["alpha"], "alpha", context: context, rule: alpha),
            minimumDetectableEffect: try optionalNumber(
                fields["minimum_detectable_effect"],
                "minimum_detectable_effect",
                context: context,
                rule: effect
            ),
            minimumRequests: minimumRequests.map { Int($0) },
            sequential: try readSequential(fields["sequential"], context: context, keysContext: nested("sequential")),
            guardrails: try readGuardrails(fields["guardrails"], context: nested("guardrails"))
        )
    }

    private func readSequential(
        _ node: Node?,
        context: String,
        keysContext: String
    ) throws(ConfigError) -> SequentialSetting? {
        guard let node, !isNull(node) else {
            return nil
        }
        let fields = try mapping(node, named: "'sequential'", allowedKeys: Self.sequentialKeys, context: keysContext)
        let planned = try optionalNumber(
            fields["planned_requests"],
            "planned_requests",
            context: keysContext,
            rule: NumberRule(expected: "a positive number of requests (N*, total across two arms)", example: "5000") {
                $0 > 0
            }
        )
        let tauSquared = try optionalNumber(
            fields["tau_squared"],
            "tau_squared",
            context: keysContext,
            rule: NumberRule(expected: "a positive mixing variance τ²", example: "0.0001") { $0 > 0 }
        )
        switch (planned, tauSquared) {
        case (let planned?, nil):
            return .plannedRequests(planned)
        case (nil, let tauSquared?):
            return .tauSquared(tauSquared)
        case (.some, .some):
            throw error(
                at: node,
                .invalidValue,
                "'sequential' \(context) gives both planned_requests and tau_squared; keep one: "
                    + "planned_requests (N*, total requests across two arms) or tau_squared (τ²)"
            )
        case (nil, nil):
            throw error(
                at: node,
                .missingKey,
                "'sequential' \(context) needs planned_requests or tau_squared; "
                    + "write e.g. sequential: { planned_requests: 5000 }"
            )
        }
    }

    private func readGuardrails(_ node: Node?, context: String) throws(ConfigError) -> GuardrailOverrides {
        guard let node, !isNull(node) else {
            return GuardrailOverrides()
        }
        let fields = try mapping(node, named: "'guardrails'", allowedKeys: Self.guardrailKeys, context: context)
        return GuardrailOverrides(
            latencyP95: try guardrail(fields["latency_p95"], "latency_p95", margin: .seconds, context: context),
            errorRate: try guardrail(fields["error_rate"], "error_rate", margin: .fraction, context: context),
            costPerRequest: try guardrail(
                fields["cost_per_request"],
                "cost_per_request",
                margin: .dollars,
                context: context
            )
        )
    }

    /// `N%` of control's value, an absolute margin in the figure's unit, or `off`.
    private func guardrail(
        _ node: Node?,
        _ key: String,
        margin: AbsoluteMargin,
        context: String
    ) throws(ConfigError) -> GuardrailOverride? {
        guard let node, !isNull(node) else {
            return nil
        }
        let advice =
            "write how much worse than control it may get: a percentage of control's \(margin.figure) "
            + "such as \(margin.percentExample), \(margin.absoluteForm), or off"
        guard case .scalar(let scalar) = node else {
            throw error(at: node, .wrongType, "'\(key)' \(context) must be a limit, got \(describe(node)); \(advice)")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == "off" {
            return .off
        }
        let limit =
            text.hasSuffix("%")
            ? parseDecimal(text.dropLast(), powerOfTen: -2).map(GuardrailLimit.relative)
            : margin.parse(text).map(GuardrailLimit.absolute)
        guard let limit, limit.amount >= 0 else {
            throw error(at: node, .invalidValue, "'\(key)' \(context) has bad limit '\(text)'; \(advice)")
        }
        return .limit(limit)
    }
}

/// The unit of a guardrail's absolute margin, and how it is written.
private enum AbsoluteMargin {
    case seconds, fraction, dollars

    var figure: String {
        switch self {
        case .seconds: return "p95"
        case .fraction: return "error rate"
        case .dollars: return "cost per request"
        }
    }

    var percentExample: String { self == .fraction ? "25%" : "10%" }

    var absoluteForm: String {
        switch self {
        case .seconds: return "a duration such as 0.5s or 250ms"
        case .fraction: return "a fraction of requests such as 0.02 (two percentage points)"
        case .dollars: return "dollars such as $0.001"
        }
    }

    /// The margin in its unit; `nil` for text of another form, or an error rate above 1.
    func parse(_ text: String) -> Double? {
        switch self {
        case .seconds:
            return parseDuration(text) ?? parseDecimal(Substring(text))
        case .fraction:
            return parseDecimal(Substring(text)).flatMap { $0 <= 1 ? $0 : nil }
        case .dollars:
            return parseDecimal(text.hasPrefix("$") ? text.dropFirst() : Substring(text))
        }
    }
}

extension GuardrailLimit {
    fileprivate var amount: Double {
        switch self {
        case .relative(let fraction): return fraction
        case .absolute(let amount): return amount
        }
    }
}

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`, the Prometheus data model's metric name.
func isMetricName(_ name: String) -> Bool {
    isIdentifier(name, extra: ":")
}

/// `[a-zA-Z_][a-zA-Z0-9_]*` without the reserved `__` prefix, the Prometheus label name.
func isLabelName(_ name: String) -> Bool {
    isIdentifier(name, extra: nil) && !name.hasPrefix("__")
}

private func isIdentifier(_ name: String, extra: Character?) -> Bool {
    let isWordStart: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0 == "_" || $0 == extra) }
    guard let first = name.first, isWordStart(first) else {
        return false
    }
    return name.allSatisfy { isWordStart($0) || ($0.isASCII && $0.isNumber) }
}
