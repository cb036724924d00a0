/// Secret values (tokens read from the environment) to hide from any text a person sees.
///
/// A confirmation dialog, the audit row and `--dry-run` show the exact command or request; each
/// secret in it becomes `•••`, in the forms a template can give it too (JSON-escaped and
/// percent-encoded), so a token placed in a body or a URL is hidden as well.
public struct Secrets: Sendable, Equatable {
    /// What a secret is replaced with.
    public static let mask = "•••"

    /// The texts to hide, longest first so a secret containing another is hidden whole.
    private let hidden: [String]

    /// Hides `values`; empty ones are ignored (hiding "" would change nothing or everything).
    public init(_ values: [String]) {
        var forms: [String] = []
        for value in values where !value.isEmpty {
            for form in [
                value, TemplateContext.jsonString.escape(value), TemplateContext.urlComponent.escape(value),
            ] where !forms.contains(form) {
                forms.append(form)
            }
        }
        hidden = forms.sorted { $0.count > $1.count }
    }

    /// The values of the environment variables `names` in `environment`; unset ones are skipped.
    public init(environmentVariables names: [String], in environment: [String: String]) {
        self.init(names.compactMap { environment[$0] })
    }

    /// `text` with every occurrence of every secret replaced by `Secrets.mask`.
    ///
    /// Matches UTF-8 bytes, not characters, so a secret is found even where a neighbouring
    /// combining mark would fold its first or last character into another grapheme.
    public func masking(_ text: String) -> String {
        var masked = Array(text.utf8)
        for secret in hidden {
            masked = Self.replacing(Array(secret.utf8), in: masked)
        }
        return String(decoding: masked, as: UTF8.self)
    }

    private static func replacing(_ needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if haystack[index] == needle[0], haystack[index...].starts(with: needle) {
                result.append(contentsOf: mask.utf8)
                index += needle.count
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return result
    }

    /// Each argument masked, for showing a command line.
    public func masking(_ arguments: [String]) -> [String] {
        arguments.map { masking($0) }
    }
}
