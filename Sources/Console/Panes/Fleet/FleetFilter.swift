import Fleet

/// The `/` filter: a case-insensitive substring, or a regular expression when the text contains
/// regex syntax and compiles (`vllm|tgi`, `^prod-`). Matches name, model, version, environment,
/// kind and health.
struct FleetFilter {
    private let text: String
    private let regex: Regex<AnyRegexOutput>?

    init(_ text: String) {
        self.text = text.lowercased()
        let syntax: Set<Character> = ["|", "^", "$", "*", "+", "?", "[", "(", "\\", "{", "."]
        if text.contains(where: { syntax.contains($0) }), let compiled = try? Regex(text) {
            regex = compiled.ignoresCase()
        } else {
            regex = nil
        }
    }

    /// Whether the filter is regex syntax that compiled, for the prompt (`regex` vs `text`).
    var isRegex: Bool { regex != nil }

    func matches(_ deployment: DeploymentStatus) -> Bool {
        guard !text.isEmpty else { return true }
        let fields = [
            deployment.name, deployment.model ?? "", deployment.version ?? "", deployment.environment,
            deployment.kind, deployment.health?.rawValue ?? "",
        ]
        if let regex {
            return fields.contains { (try? regex.firstMatch(in: $0)) != nil }
        }
        return fields.contains { $0.lowercased().contains(text) }
    }
}
