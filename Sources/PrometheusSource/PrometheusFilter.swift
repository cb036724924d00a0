import Foundation

/// The label matchers of a source's `discover` expression.
public enum PrometheusFilter {
    /// The label matchers of a `discover` that is a plain selector (`up{job=~"vllm|tgi"}` →
    /// `job=~"vllm|tgi"`), added to every query so the figures come from the same jobs; nil otherwise.
    public static func matchers(of discover: String) -> String? {
        let text = discover.trimmingCharacters(in: .whitespaces)
        guard let open = text.firstIndex(of: "{"), text.hasSuffix("}") else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        guard name.isEmpty || name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
            return nil
        }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let trimmed = inner.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
