import Fleet

/// Alerts: firing, pending with their countdown, lately resolved; the selected one's detail
/// (a drift alert's distributions side by side); acknowledge (`a`), silence (`s`), and the
/// silences (`:silences`, `x` expires one).
extension PaneRegistration {
    public static let alerts = PaneRegistration(
        .alerts,
        title: "Alerts",
        aliases: ["al"],
        bindings: [
            .rollback,
            KeyBinding(
                [.character("j"), .down, .mouseWheelDown],
                "j/↓",
                "next alert (silence in :silences)",
                .pane(PaneOperation("nextAlert") { state in AlertsView.move(by: 1, in: &state) })
            ),
            KeyBinding(
                [.character("k"), .up, .mouseWheelUp],
                "k/↑",
                "previous alert (silence in :silences)",
                .pane(PaneOperation("previousAlert") { state in AlertsView.move(by: -1, in: &state) })
            ),
            KeyBinding(
                [.enter, .character("l")],
                "Enter/l",
                "detail of the alert (again: back)",
                .pane(
                    PaneOperation("alertDetail") { state in
                        switch state.alertsPage {
                        case .list: state.alertsPage = .detail
                        case .detail: state.alertsPage = .list
                        case .silences: break
                        }
                        return []
                    }
                ),
                hint: true
            ),
            KeyBinding(
                [.escape, .character("h")],
                "Esc/h",
                "back to the alert list",
                .pane(
                    PaneOperation("alertsBack") { state in
                        state.alertsPage = .list
                        return []
                    }
                )
            ),
            KeyBinding(
                [.character("a")],
                "a",
                "acknowledge the alert",
                .pane(PaneOperation("acknowledgeAlert") { state in AlertsView.acknowledge(in: &state) }),
                hint: true,
                writesStore: true
            ),
            KeyBinding(
                [.character("s")],
                "s",
                "silence the alert (how long, why)",
                .pane(PaneOperation("silenceAlert") { state in AlertsView.askSilence(in: &state) }),
                hint: true,
                writesStore: true
            ),
            KeyBinding(
                [.character("x")],
                "x",
                "expire the selected silence (:silences)",
                .pane(PaneOperation("expireSilence") { state in SilencesView.expire(in: &state) }),
                writesStore: true
            ),
        ],
        commands: [
            CommandRegistration(["silences", "sil"], usage: ":silences", summary: "list the silences; x expires one") {
                _,
                state in
                state.pane = .alerts
                state.alertsPage = .silences
                return .success([])
            },
            CommandRegistration(
                ["baseline"],
                usage: ":baseline pin|reset",
                summary: "pin the drift baseline of the selected alert's (else row's) deployment to now, or reset it",
                takesArgument: true,
                candidates: { _ in ["pin", "reset"] }
            ) { argument, state in
                guard argument == "pin" || argument == "reset" else {
                    return .failure(CommandError("write :baseline pin or :baseline reset"))
                }
                let deployment =
                    (state.pane == .alerts ? AlertsView.selectedAlert(state)?.deployment : nil)
                    ?? state.selectedDeployment?.name
                guard let deployment else { return .failure(CommandError("no deployment selected")) }
                return .success([.alertAction(.pinBaseline(deployment: deployment, pinned: argument == "pin"))])
            },
        ],
        read: { _, request in request.alerts = true },
        draw: { state, grid, rect in AlertsView.draw(state, into: &grid, in: rect) }
    )
}

extension Pane {
    public static let alerts = Pane("alerts")
}
