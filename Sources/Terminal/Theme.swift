/// A colour for every role, resolved from a theme file's entries or built in.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var colors: [StyleRole: Color]

    /// A theme from explicit colours; roles left out take the built-in default's colour.
    public init(name: String, colors: [StyleRole: Color]) {
        self.name = name
        self.colors = Theme.builtinDefault.colors.merging(colors) { _, new in new }
    }

    /// Validates `role: colour` strings as a theme file holds them (Config's `ThemeFile` keeps
    /// them with their line numbers; the caller maps `ThemeError.entryIndex` back to `file:line`).
    ///
    /// Roles left out take the built-in default's colour; a role given twice is an error.
    public init(name: String, entries: [(role: String, color: String)]) throws(ThemeError) {
        var colors: [StyleRole: Color] = [:]
        for (index, entry) in entries.enumerated() {
            guard let role = StyleRole(rawValue: entry.role) else {
                let known = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(
                    entryIndex: index,
                    role: entry.role,
                    value: entry.color,
                    message: "unknown role '\(entry.role)'; known roles: \(known)"
                )
            }
            guard let color = Color(parsing: entry.color) else {
                throw ThemeError(
                    entryIndex: index,
                    role: entry.role,
                    value: entry.color,
                    message: "'\(entry.color)' is not a colour for '\(entry.role)'; "
                        + "use \"#rrggbb\" (quoted), 0–255, default, or one of: "
                        + Color.names.joined(separator: ", ")
                )
            }
            guard colors[role] == nil else {
                throw ThemeError(
                    entryIndex: index,
                    role: entry.role,
                    value: entry.color,
                    message: "role '\(entry.role)' is given twice; keep one"
                )
            }
            colors[role] = color
        }
        self.init(name: name, colors: colors)
    }

    /// The colour of `role`.
    public subscript(role: StyleRole) -> Color {
        colors[role] ?? .terminalDefault
    }

    /// The attributes a cell is drawn with: its own, plus reverse + bold on a selection that colour
    /// may not show: 16 colours or fewer (`NO_COLOR` included; a 16-colour selection background is
    /// usually the terminal's own), or a theme whose selection colour equals its background.
    public func attributes(for style: Style, depth: ColorDepth) -> TextAttributes {
        guard style.isSelection else { return style.attributes }
        if depth <= .ansi16 { return style.attributes.union([.reverse, .bold]) }
        let selection = self[.selection].degraded(to: depth)
        let background = self[.background].degraded(to: depth)
        return selection == background ? style.attributes.union([.reverse, .bold]) : style.attributes
    }

    /// Every colour degraded to what a terminal of `depth` shows.
    public func degraded(to depth: ColorDepth) -> Theme {
        var copy = self
        copy.colors = colors.mapValues { $0.degraded(to: depth) }
        return copy
    }

    /// The dark default, identical to `themes/default.yaml`, so a broken theme file never leaves
    /// the console without colours.
    public static let builtinDefault: Theme = {
        let colors: [StyleRole: Color] = [
            .background: .terminalDefault, .text: .rgb(0xd0, 0xd0, 0xd0), .muted: .rgb(0x80, 0x80, 0x80),
            .border: .rgb(0x4e, 0x4e, 0x4e), .title: .rgb(0x5f, 0xaf, 0xff), .header: .rgb(0xaf, 0xaf, 0xd7),
            .selection: .rgb(0x30, 0x30, 0x50), .selectionText: .rgb(0xff, 0xff, 0xff),
            .ok: .rgb(0x5f, 0xd7, 0x87), .warning: .rgb(0xff, 0xd7, 0x5f), .critical: .rgb(0xff, 0x5f, 0x5f),
            .info: .rgb(0x5f, 0xd7, 0xff), .accent: .rgb(0xd7, 0x87, 0xff), .marker: .rgb(0xff, 0xaf, 0x00),
            .series1: .rgb(0x5f, 0xaf, 0xff), .series2: .rgb(0xff, 0xaf, 0x5f), .series3: .rgb(0x87, 0xd7, 0x87),
            .series4: .rgb(0xff, 0x87, 0xaf), .series5: .rgb(0xaf, 0x87, 0xff), .series6: .rgb(0x5f, 0xd7, 0xd7),
            .series7: .rgb(0xd7, 0xd7, 0x5f), .series8: .rgb(0xd0, 0xd0, 0xd0),
        ]
        return Theme(uncheckedName: "default", colors: colors)
    }()

    private init(uncheckedName: String, colors: [StyleRole: Color]) {
        self.name = uncheckedName
        self.colors = colors
    }
}

/// A theme entry that cannot be used: which entry (0-based, in file order), and why.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Index into the `entries` passed to `Theme(name:entries:)`.
    public var entryIndex: Int
    public var role: String
    public var value: String
    public var message: String

    public var description: String { message }
}
