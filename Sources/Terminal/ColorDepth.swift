/// How many colours the terminal can show, from none to 24-bit.
public enum ColorDepth: Int, Sendable, Comparable, CaseIterable {
    case monochrome = 0
    case ansi16 = 16
    case ansi256 = 256
    case truecolor = 16_777_216

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Detects the depth from the environment and terminfo's `colors` capability.
    ///
    /// Order: `NO_COLOR` set and non-empty (no-color.org) → monochrome; `TERM=dumb` → monochrome;
    /// `COLORTERM` `truecolor`/`24bit` → truecolor; `TERM` ending in `-256color` or terminfo ≥ 256 → 256;
    /// terminfo ≥ 8 → 16; terminfo known and < 8 → monochrome; otherwise 16 when `TERM` is set.
    /// - Parameter terminfoColors: `tigetnum("colors")`, nil when unknown (no terminal yet, tests).
    public static func detect(environment: [String: String], terminfoColors: Int?) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        let term = environment["TERM"] ?? ""
        if term == "dumb" { return .monochrome }
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        if term.hasSuffix("-256color") || (terminfoColors ?? 0) >= 256 { return .ansi256 }
        if let colors = terminfoColors { return colors >= 8 ? .ansi16 : .monochrome }
        return term.isEmpty ? .monochrome : .ansi16
    }
}
