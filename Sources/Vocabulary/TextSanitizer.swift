/// Makes untrusted text (model names, labels, error bodies) safe to put on a terminal.
///
/// The one set of rules for every string a server or a file supplies on its way to a terminal or a
/// text output: everything entering the console's `CellGrid`, and the text of `llmdeck status` and
/// `llmdeck probe`. It lives here, below every module that prints, so none keeps its own copy.
/// Choices (see notes/terminal.md):
/// - C0 controls U+0000–001F and DEL become their visible Control Pictures (`ESC` → `␛`,
///   newline → `␊`), tab becomes a space; so `ESC[2J` shows as the harmless text `␛[2J`.
/// - C1 controls U+0080–009F (incl. the 8-bit CSI U+009B) become U+FFFD.
/// - Bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069) and marks (U+200E, U+200F,
///   U+061C) become U+FFFD, so a "Trojan Source" name is visibly odd instead of reordered.
/// - Other invisible format characters (general category Cf, e.g. U+200B) are dropped, except
///   U+200D ZERO WIDTH JOINER, which emoji sequences need.
/// - Invalid UTF-8 (from bytes) becomes U+FFFD, one per maximal invalid subsequence.
public enum TextSanitizer {
    /// The harmless replacement of a scalar, nil when it is dropped, itself when it is safe.
    public static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let value = scalar.value
        switch value {
        case 0x09: return " "
        case 0x00...0x1f: return Unicode.Scalar(0x2400 + value)
        case 0x7f: return "\u{2421}"
        case 0x80...0x9f, 0x202a...0x202e, 0x2066...0x2069, 0x200e, 0x200f, 0x061c: return "\u{FFFD}"
        case 0x200d: return scalar
        case 0x20...0x7e: return scalar
        default: return scalar.properties.generalCategory == .format ? nil : scalar
        }
    }

    /// True when `text` needs no change, the fast path for the common case.
    public static func isClean(_ text: String) -> Bool {
        for unit in text.utf8 where unit < 0x20 || unit >= 0x7f {
            if unit < 0x80 { return false }
            return text.unicodeScalars.allSatisfy { replacement(for: $0) == $0 }
        }
        return true
    }

    /// `text` with every unsafe scalar replaced or dropped.
    public static func sanitize(_ text: String) -> String {
        if isClean(text) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let safe = replacement(for: scalar) { scalars.append(safe) }
        }
        return String(scalars)
    }

    /// Decodes bytes as UTF-8 (invalid sequences → U+FFFD) and sanitizes the result.
    public static func sanitize(bytes: [UInt8]) -> String {
        sanitize(String(decoding: bytes, as: UTF8.self))
    }
}
