/// Which glyphs widgets may use: Unicode box drawing, braille and blocks, or plain ASCII for
/// terminals and fonts without them (`LANG=C`, some serial consoles).
public enum GlyphSet: Sendable {
    case unicode
    case ascii

    var horizontal: Character { self == .unicode ? "─" : "-" }
    var vertical: Character { self == .unicode ? "│" : "|" }
    var topLeft: Character { self == .unicode ? "┌" : "+" }
    var topRight: Character { self == .unicode ? "┐" : "+" }
    var bottomLeft: Character { self == .unicode ? "└" : "+" }
    var bottomRight: Character { self == .unicode ? "┘" : "+" }
    var ellipsis: Character { self == .unicode ? "…" : "~" }
}
