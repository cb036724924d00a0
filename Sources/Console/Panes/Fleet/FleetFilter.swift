import Fleet

/// The `/` filter: a case-insensitive substring, or a regular expression when the text contains
/// regex syntax and compiles (`vllm|tgi`, `^prod-`). Matches name, model, version, environment,
/// kind and health.
struct FleetFilter {
    private let text: String
    private let regex: Regex<AnyRegexOutput>?
    /// The lowercased text's bytes when it is ASCII.
    private let asciiText: [UInt8]?

    init(_ text: String) {
        self.text = text.lowercased()
        asciiText = self.text.utf8.allSatisfy { $0 < 128 } ? Array(self.text.utf8) : nil
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
        if let regex {
            let fields = [
                deployment.name, deployment.model ?? "", deployment.version ?? "", deployment.environment,
                deployment.kind, deployment.health?.rawValue ?? "",
            ]
            return fields.contains { (try? regex.firstMatch(in: $0)) != nil }
        }
        return contains(deployment.name) || contains(deployment.model ?? "") || contains(deployment.version ?? "")
            || contains(deployment.environment) || contains(deployment.kind)
            || contains(deployment.health?.rawValue ?? "")
    }

    /// Whether `field` contains the text, ignoring case: byte by byte for ASCII text, without
    /// lowercasing a copy of every field of every deployment at each keystroke.
    private func contains(_ field: String) -> Bool {
        guard let needle = asciiText else { return field.lowercased().contains(text) }
        var field = field
        return field.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            for start in 0...(bytes.count - needle.count) {
                var offset = 0
                while offset < needle.count, String.asciiLowercase(bytes[start + offset]) == needle[offset] {
                    offset += 1
                }
                if offset == needle.count { return true }
            }
            return false
        }
    }
}
