import Terminal

/// The one table of keys: the reducer looks keys up here, and `?` help and the footer hints are
/// generated from it (k9s' action registry), so they cannot disagree.
public struct KeyMap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The action `key` triggers in `pane`, nil when the key is not bound there.
    public func action(for key: Key, in pane: Pane) -> ConsoleAction? {
        bindings.first { $0.isActive(in: pane) && $0.keys.contains(key) }?.action
    }

    /// The footer: `label summary` of the hint bindings active in `pane`.
    public func hints(for pane: Pane) -> [(label: String, summary: String)] {
        bindings.filter { $0.isHint && $0.isActive(in: pane) }.map { ($0.label, $0.summary) }
    }

    /// The standard bindings: vim and arrow keys, k9s-style `:` and `/`, btop-style `+`/`-`.
    public static let standard = KeyMap(bindings: [
        KeyBinding([.character("?"), .function(1)], "?", "help", .help, hint: true),
        KeyBinding([.character("q")], "q", "quit", .quit, hint: true),
        KeyBinding([.tab], "Tab", "next pane", .nextPane, hint: true),
        KeyBinding([.backTab], "S-Tab", "previous pane", .previousPane),
        KeyBinding([.character("1")], "1", "fleet pane", .showPane(.fleet)),
        KeyBinding([.character("2")], "2", "latency pane", .showPane(.latency)),
        KeyBinding([.character("3")], "3", "detail pane", .showPane(.detail)),
        KeyBinding([.character("k"), .up, .mouseWheelUp], "k/↑", "move up", .moveUp),
        KeyBinding([.character("j"), .down, .mouseWheelDown], "j/↓", "move down", .moveDown),
        KeyBinding([.pageUp, .control("b")], "PgUp/^B", "page up", .pageUp),
        KeyBinding([.pageDown, .control("f")], "PgDn/^F", "page down", .pageDown),
        KeyBinding([.character("g"), .home], "g/Home", "first row", .top),
        KeyBinding([.character("G"), .end], "G/End", "last row", .bottom),
        KeyBinding(
            [.character(" ")],
            "Space",
            "mark/unmark for the latency overlay (max 8)",
            .toggleMark,
            panes: [.fleet],
            hint: true
        ),
        KeyBinding([.character("U")], "U", "unmark all", .clearMarks, panes: [.fleet, .latency]),
        KeyBinding(
            [.enter, .character("l")],
            "Enter/l",
            "open detail",
            .openDetail,
            panes: [.fleet, .latency],
            hint: true
        ),
        KeyBinding([.escape, .character("h")], "Esc/h", "back to fleet", .back, panes: [.detail, .latency]),
        KeyBinding([.character("/")], "/", "filter (text or /regex/)", .filter, hint: true),
        KeyBinding([.character(":")], ":", "command (:fleet :latency :theme :range :q)", .command, hint: true),
        KeyBinding([.character("p")], "p", "pause/resume updates", .pause, hint: true),
        KeyBinding([.character("+"), .character("=")], "+", "refresh faster", .faster),
        KeyBinding([.character("-")], "-", "refresh slower", .slower),
        KeyBinding([.character("s"), .right], "s/→", "sort by next column", .sortNext, panes: [.fleet]),
        KeyBinding([.character("S"), .left], "S/←", "sort by previous column", .sortPrevious, panes: [.fleet]),
        KeyBinding([.character("r")], "r", "reverse sort", .sortReverse, panes: [.fleet]),
        KeyBinding([.character("]"), .right], "]/→", "longer time range", .nextRange, panes: [.latency]),
        KeyBinding([.character("["), .left], "[/←", "shorter time range", .previousRange, panes: [.latency]),
    ])
}
