/// A colour as a theme names it: the terminal's own default, a palette index, or 24-bit RGB.
///
/// Grammar (the one place it is checked, used by `Theme(name:entries:)`):
/// `default` | `#rrggbb` | an integer 0–255 | one of the 16 names in `Color.names`.
public enum Color: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own foreground or background (transparent background in most terminals).
    case terminalDefault
    /// An xterm palette index: 0–15 the ANSI colours, 16–231 the 6×6×6 cube, 232–255 the grey ramp.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// The 16 ANSI colour names, index = palette number.
    public static let names: [String] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses the theme grammar; nil when `text` is not a colour (the caller reports where).
    public init?(parsing text: String) {
        let value = text.trimmingSpaces.lowercased()
        if value == "default" {
            self = .terminalDefault
            return
        }
        if value.hasPrefix("#") {
            let hex = value.dropFirst()
            guard hex.count == 6, let packed = UInt32(hex, radix: 16) else { return nil }
            self = .rgb(UInt8(packed >> 16), UInt8((packed >> 8) & 0xff), UInt8(packed & 0xff))
            return
        }
        if let index = UInt8(value), value.allSatisfy(\.isASCIIDigit) {
            self = .indexed(index)
            return
        }
        let normalised = value.replacingUnderscores
        if let index = Color.names.firstIndex(of: normalised) {
            self = .indexed(UInt8(index))
            return
        }
        return nil
    }

    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .indexed(let index): return index < 16 ? Color.names[Int(index)] : String(index)
        case .rgb(let red, let green, let blue): return "#" + [red, green, blue].map(\.twoDigitHex).joined()
        }
    }

    /// The RGB value the xterm default palette shows for this colour; nil for `terminalDefault`.
    public var rgbValue: (red: Int, green: Int, blue: Int)? {
        switch self {
        case .terminalDefault: return nil
        case .rgb(let red, let green, let blue): return (Int(red), Int(green), Int(blue))
        case .indexed(let index): return Palette.rgb(ofIndex: Int(index))
        }
    }

    /// This colour as a terminal of `depth` can show it; deterministic (see `Palette`).
    ///
    /// truecolor keeps everything; 256 maps RGB to the nearest cube or grey entry; 16 maps anything
    /// beyond index 15 to the nearest ANSI colour; monochrome maps everything to `terminalDefault`.
    public func degraded(to depth: ColorDepth) -> Color {
        switch (depth, self) {
        case (_, .terminalDefault), (.truecolor, _): return self
        case (.monochrome, _): return .terminalDefault
        case (.ansi256, .indexed): return self
        case (.ansi256, .rgb(let red, let green, let blue)):
            return .indexed(UInt8(Palette.nearest256(red: Int(red), green: Int(green), blue: Int(blue))))
        case (.ansi16, .indexed(let index)) where index < 16: return self
        case (.ansi16, _):
            guard let value = rgbValue else { return .terminalDefault }
            return .indexed(UInt8(Palette.nearest16(red: value.red, green: value.green, blue: value.blue)))
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }

    fileprivate var replacingUnderscores: String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension UInt8 {
    fileprivate var twoDigitHex: String {
        let digits = String(self, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }
}
