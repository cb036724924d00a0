extension LLMDeckConfig {
    /// The config as YAML that `ConfigLoader.parse` reads back to an equal value: every key
    /// written out, strings double-quoted, durations in their shortest unit form; `sources:`,
    /// `experiments:`, `pricing:`, `alerts:` and `actions:` only when they differ from their
    /// defaults.
    public var yamlText: String {
        var lines: [String] = []
        if deployments.isEmpty {
            lines.append("deployments: []")
        } else {
            lines.append("deployments:")
            for deployment in deployments {
                lines.append("  - name: \(quoted(deployment.name))")
                lines.append("    url: \(quoted(deployment.url))")
                if let kind = deployment.kind {
                    lines.append("    kind: \(kind.rawValue)")
                }
                lines.append("    environment: \(quoted(deployment.environment))")
                lines.append("    interval: \(formatDuration(deployment.interval))")
                lines.append("    timeout: \(formatDuration(deployment.timeout))")
                let optional: [(String, String?)] = [
                    ("token_env", deployment.tokenEnv), ("model", deployment.model),
                    ("version", deployment.version), ("metrics_path", deployment.metricsPath),
                ]
                for (key, value) in optional {
                    if let value {
                        lines.append("    \(key): \(quoted(value))")
                    }
                }
                if let rollback = deployment.rollback {
                    lines += rollback.yamlLines(key: "rollback", indent: "    ")
                }
                if let guardConfig = deployment.guard {
                    lines.append("    " + guardConfig.yamlText)
                }
            }
        }
        lines += sources.yamlLines
        lines.append("store:")
        lines.append("  path: \(quoted(store.path))")
        lines.append("  retention:")
        lines.append("    raw: \(formatDuration(store.retention.raw))")
        lines.append("    minute: \(formatDuration(store.retention.minute))")
        lines.append("    hour: \(formatDuration(store.retention.hour))")
        if experiments != ExperimentsConfig() {
            lines += experiments.yamlLines
        }
        if !pricing.isEmpty {
            lines += pricing.yamlLines
        }
        if alerts != AlertsConfig() {
            lines += alerts.yamlLines
        }
        if actions != ActionSettings() {
            lines += actions.yamlLines
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A YAML double-quoted scalar: backslash, quote and control characters escaped.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": result += "\\\\"
        case "\"": result += "\\\""
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
