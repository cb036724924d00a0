/// How many terminal cells a character takes: 0, 1 or 2.
///
/// Follows Unicode East Asian Width (W and F ranges, UAX #11) and emoji presentation (UTS #51),
/// which is what wcwidth in glibc and ncurses agree on for these ranges. A grapheme cluster takes
/// the width of its widest scalar, so combining marks (width 0) attach to their base.
public enum DisplayWidth {
    /// Width of one grapheme cluster on a terminal.
    public static func of(_ character: Character) -> Int {
        if character.isASCII { return 1 }
        var width = 0
        for scalar in character.unicodeScalars {
            width = max(width, of(scalar))
            if scalar.value == 0xfe0f { width = 2 }
        }
        return width == 0 ? 1 : width
    }

    /// Width of a single scalar: 0 for combining marks and joiners, 2 for wide, else 1.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Width of a whole string, after sanitizing.
    public static func of(_ text: String) -> Int {
        // Printable ASCII (the usual table cell) is one column a byte; no grapheme breaking needed.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Unicode 15 East Asian Wide and Fullwidth blocks.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115f, 0x231a...0x231b, 0x2329...0x232a, 0x2e80...0x303e, 0x3041...0x33ff,
        0x3400...0x4dbf, 0x4e00...0x9fff, 0xa000...0xa4cf, 0xa960...0xa97f, 0xac00...0xd7a3,
        0xf900...0xfaff, 0xfe10...0xfe19, 0xfe30...0xfe6f, 0xff00...0xff60, 0xffe0...0xffe6,
        0x16fe0...0x16fe4, 0x17000...0x18cff, 0x1b000...0x1b2ff, 0x1f200...0x1f2ff, 0x1f300...0x1f64f,
        0x1f680...0x1f6ff, 0x1f900...0x1f9ff, 0x1fa70...0x1faff, 0x20000...0x2fffd, 0x30000...0x3fffd,
    ]

    private static func isWide(_ value: UInt32) -> Bool {
        if value < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
