import Actions

extension ActionSpec {
    /// `key:` and the action under it, at `indent`, as `LLMDeckConfig.yamlText` writes it: the
    /// templates as written, every key of the command or request that is not empty.
    func yamlLines(key: String, indent: String) -> [String] {
        let inner = indent + "  "
        var lines = ["\(indent)\(key):"]
        switch kind {
        case .command(let command):
            lines.append(inner + "command: " + flowList(command.arguments.elements.map(\.source)))
            if !command.environment.isEmpty {
                lines.append(inner + "env: " + flowMapping(command.environment))
            }
            lines.append(inner + "pass_env: " + flowList(command.passEnvironment))
            if !command.secretEnvironment.isEmpty {
                lines.append(inner + "secret_env: " + flowList(command.secretEnvironment))
            }
        case .http(let http):
            lines.append(inner + "http:")
            lines.append(inner + "  method: \(http.method)")
            lines.append(inner + "  url: \(quoted(http.url.source))")
            if !http.headers.isEmpty {
                lines.append(inner + "  headers: " + flowMapping(http.headers))
            }
            if let variable = http.tokenEnvironmentVariable {
                lines.append(inner + "  token_env: \(quoted(variable))")
            }
            if let body = http.body {
                lines.append(inner + "  body: \(quoted(body.source))")
            }
        }
        let (seconds, attoseconds) = timeout.components
        lines.append(inner + "timeout: " + formatDuration(Double(seconds) + Double(attoseconds) / 1e18))
        return lines
    }
}

extension GuardConfig {
    /// `guard: { … }` with every key, as `LLMDeckConfig.yamlText` writes it.
    var yamlText: String {
        "guard: { after_deploy: \(formatDuration(afterDeploy)), on: \(flowList(severities)), mode: \(mode.rawValue) }"
    }
}

extension ActionSettings {
    /// The `actions:` section as `LLMDeckConfig.yamlText` writes it.
    var yamlLines: [String] {
        ["actions:", "  read_only: \(readOnly)", "  verify_for: \(formatDuration(verifyFor))"]
    }
}

/// `["a", "b"]`, each item double-quoted.
private func flowList(_ items: [String]) -> String {
    "[" + items.map(quoted).joined(separator: ", ") + "]"
}

/// `{ "A": "1", "B": "2" }`, keys sorted so the text does not change between runs.
private func flowMapping(_ values: [String: String]) -> String {
    "{ " + values.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }.joined(separator: ", ")
        + " }"
}
