import Fleet
import Terminal

/// The keys and `:` commands of every pane: vim and arrow keys, k9s-style `:` and `/`,
/// btop-style `+`/`-`.
extension ConsoleRegistry {
    public static let globalBindings: [KeyBinding] = [
        KeyBinding([.character("?"), .function(1)], "?", "help", .help, hint: true),
        KeyBinding([.character("q")], "q", "quit", .quit, hint: true),
        KeyBinding([.tab], "Tab", "next pane", .nextPane, hint: true),
        KeyBinding([.backTab], "S-Tab", "previous pane", .previousPane),
        KeyBinding([.character("k"), .up, .mouseWheelUp], "k/↑", "move up", .moveUp),
        KeyBinding([.character("j"), .down, .mouseWheelDown], "j/↓", "move down", .moveDown),
        KeyBinding([.pageUp, .control("b")], "PgUp/^B", "page up", .pageUp),
        KeyBinding([.pageDown, .control("f")], "PgDn/^F", "page down", .pageDown),
        KeyBinding([.character("g"), .home], "g/Home", "first row", .top),
        KeyBinding([.character("G"), .end], "G/End", "last row", .bottom),
        KeyBinding([.character("/")], "/", "filter (text or /regex/)", .filter, hint: true),
        KeyBinding([.character(":")], ":", "command (Tab completes)", .command, hint: true),
        KeyBinding([.character("p")], "p", "pause/resume updates", .pause, hint: true),
        KeyBinding([.character("+"), .character("=")], "+", "refresh faster", .faster),
        KeyBinding([.character("-")], "-", "refresh slower", .slower),
    ]

    public static let globalCommands: [CommandRegistration] = [
        CommandRegistration(
            ["theme"],
            usage: ":theme NAME",
            summary: "switch theme",
            takesArgument: true,
            candidates: { $0.themeNames },
            run: { argument, state in
                guard !argument.isEmpty else {
                    return .failure(CommandError("usage: :theme NAME (\(state.themeNames.joined(separator: ", ")))"))
                }
                return .success([.loadTheme(argument)])
            }
        ),
        CommandRegistration(
            ["refresh"],
            usage: ":refresh 2s|500ms",
            summary: "set the refresh interval",
            takesArgument: true
        ) { argument, state in
            guard let seconds = parseSeconds(argument), seconds > 0 else {
                return .failure(CommandError("usage: :refresh SECONDS (e.g. 2 or 500ms)"))
            }
            ConsoleReducer.setRefresh(seconds, in: &state)
            return .success([])
        },
        CommandRegistration(["quit", "q", "q!"], usage: ":q", summary: "quit") { _, state in
            if ConsoleReducer.refusesQuit(in: &state) { return .success([]) }
            state.shouldQuit = true
            return .success([.quit])
        },
    ]
}
