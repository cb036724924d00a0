import Fleet
import Terminal
import Testing

@testable import Console

/// Adding a pane is one registration: its number key, tab, keys, `:` command, help and view all
/// follow from it, without touching the reducer or the views.
struct PaneRegistryTests {
    /// A throwaway pane: a key that counts presses in the flash line, a command, and a view.
    static let scratch = PaneRegistration(
        Pane("scratch"),
        title: "Scratch",
        aliases: ["sc"],
        bindings: [
            KeyBinding(
                [.character("z")],
                "z",
                "zap the scratch pane",
                .pane(
                    PaneOperation("zap") { state in
                        ConsoleReducer.flash("zapped", isError: false, in: &state)
                        return []
                    }
                )
            ),
            KeyBinding(
                [.character("Z")],
                "Z",
                "zap production",
                .pane(PaneOperation("zapAll") { _ in [] }),
                dangerous: true
            ),
        ],
        commands: [
            CommandRegistration(
                ["zap"],
                usage: ":zap WHAT",
                summary: "zap something",
                takesArgument: true,
                candidates: { _ in ["everything", "nothing"] }
            ) { argument, state in
                ConsoleReducer.flash("zapped \(argument)", isError: false, in: &state)
                return .success([])
            }
        ],
        read: { state, request in request.detailOf = state.selectedDeployment?.ref },
        draw: { _, grid, rect in grid.put("SCRATCH VIEW", x: rect.x, y: rect.y, style: Style(.text)) }
    )

    let registry = ConsoleRegistry.standard.registering(Self.scratch)
    /// The scratch pane's number key: the next after the standard panes.
    var number: Key { .character(Character(String(ConsoleRegistry.standard.panes.count + 1))) }

    private func screen(_ state: AppState) -> String {
        TextBackend.render(ConsoleView.render(state, registry: registry))
    }

    private func press(_ keys: [Key], _ state: inout AppState) {
        for key in keys { _ = ConsoleReducer.reduce(&state, .key(key), registry: registry) }
    }

    @Test func registeredPaneGetsANumberKeyATabAndItsView() {
        var state = ConsoleFixtures.state()
        press([number], &state)
        #expect(state.pane == Pane("scratch"))
        let text = screen(state)
        #expect(text.contains("\(ConsoleRegistry.standard.panes.count + 1) Scratch"))
        #expect(text.contains("SCRATCH VIEW"))
        #expect(registry.readRequest(for: state).detailOf == state.selectedDeployment?.ref)
        press([.tab], &state)
        #expect(state.pane == .fleet, "Tab wraps from the last registered pane to the first")
    }

    @Test func registeredKeyWorksOnlyInItsPaneAndShowsInHelp() {
        var state = ConsoleFixtures.state()
        press([.character("z")], &state)
        #expect(state.flash == nil, "z is scoped to the scratch pane")
        press([number, .character("z")], &state)
        #expect(state.flash?.text == "zapped")
        press([.character("?")], &state)
        var help = screen(state)
        #expect(help.contains("j/k scroll"), "the help is taller than 40 rows and says it scrolls")
        for _ in 0..<60 { press([.character("j")], &state) }
        help += screen(state)
        #expect(help.contains("zap the scratch pane (Scratch)"))
        #expect(help.contains(":zap WHAT"))
        #expect(help.contains(":scratch"))
    }

    @Test func registeredCommandCompletesRunsAndIsNamedWhenUnknown() {
        var state = ConsoleFixtures.state()
        #expect(registry.complete("za", in: state) == "zap ")
        #expect(registry.complete("zap ev", in: state) == "zap everything")
        #expect(registry.complete("scr", in: state) == "scratch")
        press([.character(":")] + "zap it".map { Key.character($0) } + [.enter], &state)
        #expect(state.flash?.text == "zapped it")
        press([.character(":")] + "sc".map { Key.character($0) } + [.enter], &state)
        #expect(state.pane == Pane("scratch"))
        press([.character(":")] + "bogus".map { Key.character($0) } + [.enter], &state)
        let message = state.flash?.text ?? ""
        for command in [":fleet", ":latency", ":detail", ":scratch", ":zap", ":sort", ":range", ":theme", ":refresh"] {
            #expect(message.contains(command), "the unknown-command message lists \(command)")
        }
    }

    @Test func dangerousKeyIsRefusedAndDimmedInReadOnly() throws {
        var state = ConsoleFixtures.state()
        state.isReadOnly = true
        press([number, .character("Z")], &state)
        #expect(state.flash?.isError == true)
        #expect(state.flash?.text.contains("read-only") == true)
        let line = try #require(HelpView.lines(registry, isReadOnly: true).first { $0.keys == "Z" })
        #expect(line.role == .muted)
        #expect(line.summary.contains("changes production"))
    }
}
