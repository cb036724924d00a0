extension ExperimentsConfig {
    /// The `experiments:` section as `LLMDeckConfig.yamlText` writes it: every key, the
    /// defaults in full, each listed experiment with only the settings it overrides.
    var yamlLines: [String] {
        var lines = ["experiments:", "  metrics:"]
        lines += ExperimentMetricNames.fields.map { "    \($0.key): \(quoted(metrics[keyPath: $0.path]))" }
        lines.append("  labels:")
        lines += ExperimentLabelNames.fields.map { "    \($0.key): \(quoted(labels[keyPath: $0.path]))" }
        lines.append("  success_outcomes: [\(successOutcomes.map(quoted).joined(separator: ", "))]")
        lines += ExperimentSettingsOverrides(everything: defaults).yamlLines(indent: "  ")
        guard !list.isEmpty else {
            return lines
        }
        lines.append("  list:")
        for experiment in list {
            lines.append("    - name: \(quoted(experiment.name))")
            if let control = experiment.control {
                lines.append("      control: \(quoted(control))")
            }
            if !experiment.split.isEmpty {
                let weights = experiment.split.map { "\(quoted($0.variant)): \(formatDecimal($0.weight))" }
                lines.append("      split: { \(weights.joined(separator: ", ")) }")
            }
            if let start = experiment.start {
                lines.append("      start: \(formatTimestamp(start))")
            }
            lines += experiment.overrides.yamlLines(indent: "      ")
            if let promote = experiment.promote {
                lines += promote.yamlLines(key: "promote", indent: "      ")
            }
            if let rollback = experiment.rollback {
                lines += rollback.yamlLines(key: "rollback", indent: "      ")
            }
        }
        return lines
    }
}

extension ExperimentMetricNames {
    /// Each YAML key under `experiments.metrics` with the name it sets.
    static var fields: [(key: String, path: WritableKeyPath<ExperimentMetricNames, String>)] {
        [
            ("requests", \.requests), ("latency", \.latency), ("tokens", \.tokens), ("cost", \.cost),
            ("feedback", \.feedback), ("score", \.score),
        ]
    }
}

extension ExperimentLabelNames {
    /// Each YAML key under `experiments.labels` with the name it sets.
    static var fields: [(key: String, path: WritableKeyPath<ExperimentLabelNames, String>)] {
        [
            ("experiment", \.experiment), ("variant", \.variant), ("outcome", \.outcome),
            ("direction", \.direction), ("feedback", \.feedback),
        ]
    }
}

extension ExperimentSettingsOverrides {
    /// Overrides that set every value to those of `settings`, a guardrail that is off to `off`.
    init(everything settings: ExperimentSettingsConfig) {
        let guardrails = settings.guardrails
        self.init(
            alpha: settings.alpha,
            minimumDetectableEffect: settings.minimumDetectableEffect,
            minimumRequests: settings.minimumRequests,
            sequential: settings.sequential,
            guardrails: GuardrailOverrides(
                latencyP95: guardrails.latencyP95.map(GuardrailOverride.limit) ?? .off,
                errorRate: guardrails.errorRate.map(GuardrailOverride.limit) ?? .off,
                costPerRequest: guardrails.costPerRequest.map(GuardrailOverride.limit) ?? .off
            )
        )
    }

    /// The settings keys these overrides give, at `indent`.
    func yamlLines(indent: String) -> [String] {
        var lines: [String] = []
        if let alpha {
            lines.append("alpha: \(formatDecimal(alpha))")
        }
        if let minimumDetectableEffect {
            lines.append("minimum_detectable_effect: \(formatDecimal(minimumDetectableEffect))")
        }
        if let minimumRequests {
            lines.append("minimum_requests: \(minimumRequests)")
        }
        switch sequential {
        case .plannedRequests(let total)?:
            lines.append("sequential: { planned_requests: \(formatDecimal(total)) }")
        case .tauSquared(let tauSquared)?:
            lines.append("sequential: { tau_squared: \(formatDecimal(tauSquared)) }")
        case nil:
            break
        }
        let limits = [
            ("latency_p95", guardrails.latencyP95.map { $0.yamlText(absolute: secondsText) }),
            ("error_rate", guardrails.errorRate.map { $0.yamlText { formatDecimal($0) } }),
            ("cost_per_request", guardrails.costPerRequest.map { $0.yamlText { "$" + formatDecimal($0) } }),
        ].compactMap { key, text in text.map { "\(key): \($0)" } }
        if !limits.isEmpty {
            lines.append("guardrails: { \(limits.joined(separator: ", ")) }")
        }
        return lines.map { indent + $0 }
    }
}

extension GuardrailOverride {
    /// `10%`, `off`, or the absolute margin as `absolute` writes it.
    fileprivate func yamlText(absolute: (Double) -> String) -> String {
        switch self {
        case .off: return "off"
        case .limit(.relative(let fraction)): return formatDecimal(fraction, powerOfTen: 2) + "%"
        case .limit(.absolute(let amount)): return absolute(amount)
        }
    }
}

/// A latency margin in its shortest duration form (`500ms`), or plain seconds when that form
/// would not read back exactly.
private func secondsText(_ seconds: Double) -> String {
    let duration = formatDuration(seconds)
    return parseDuration(duration) == seconds ? duration : formatDecimal(seconds)
}
