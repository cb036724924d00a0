/// Where a rendered template ends up, which decides how each value is escaped.
///
/// A value is always escaped for the place it lands in and never interpreted: whatever it holds,
/// it stays one argument, one JSON string or one URL component.
public enum TemplateContext: Sendable, Hashable {
    /// One element of an argv, handed to `posix_spawn` without a shell: values go in verbatim.
    case argument
    /// The inside of a JSON string literal (RFC 8259 §7); placeholders must stand between quotes.
    case jsonString
    /// Part of a URL: every byte outside the RFC 3986 §2.3 unreserved set is percent-encoded.
    case urlComponent

    /// `value` escaped for this context.
    public func escape(_ value: String) -> String {
        switch self {
        case .argument: value
        case .jsonString: Self.jsonEscaped(value)
        case .urlComponent: Self.percentEncoded(value)
        }
    }

    /// Escapes `"`, `\` and U+0000–001F as RFC 8259 §7 requires, plus DEL and U+2028/U+2029,
    /// which JSON allows raw but JavaScript string literals and many log viewers do not.
    private static func jsonEscaped(_ value: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\u{08}": escaped += "\\b"
            case "\u{0C}": escaped += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                escaped += "\\u" + hexDigits(scalar.value, width: 4)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Percent-encodes the UTF-8 bytes of `value` outside `ALPHA / DIGIT / "-" / "." / "_" / "~"`
    /// (RFC 3986 §2.3), so `/`, `?`, `&`, `#`, `%`, spaces and non-ASCII text cannot change
    /// the URL's structure.
    private static func percentEncoded(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + hexDigits(UInt32(byte), width: 2)
            }
        }
        return encoded
    }

    private static func hexDigits(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
