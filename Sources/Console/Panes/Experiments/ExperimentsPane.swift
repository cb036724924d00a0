import Fleet

/// Prompt A/B experiments: the list, the selected one's variants, its difference converging
/// inside the always-valid band, and the full statistics on Enter; `P` promotes a variant, `R`
/// rolls the experiment back to control.
extension PaneRegistration {
    public static let experiments = PaneRegistration(
        .experiments,
        title: "Experiments",
        aliases: ["ab", "e"],
        bindings: [
            KeyBinding(
                [.character("j"), .down, .mouseWheelDown],
                "j/↓",
                "next experiment",
                .pane(PaneOperation("nextExperiment") { state in ExperimentsView.move(by: 1, in: &state) })
            ),
            KeyBinding(
                [.character("k"), .up, .mouseWheelUp],
                "k/↑",
                "previous experiment",
                .pane(PaneOperation("previousExperiment") { state in ExperimentsView.move(by: -1, in: &state) })
            ),
            KeyBinding(
                [.enter, .character("l")],
                "Enter/l",
                "full statistics of the experiment (again: back)",
                .pane(
                    PaneOperation("experimentStatistics") { state in
                        state.showsExperimentStatistics.toggle()
                        return []
                    }
                ),
                hint: true
            ),
            KeyBinding(
                [.escape, .character("h")],
                "Esc/h",
                "back to the experiment list",
                .pane(
                    PaneOperation("experimentBack") { state in
                        state.showsExperimentStatistics = false
                        return []
                    }
                )
            ),
            .promoteVariant,
            .rollBackExperiment,
        ],
        read: { _, request in request.experiments = true },
        draw: { state, grid, rect in ExperimentsView.draw(state, into: &grid, in: rect) }
    )
}

extension Pane {
    public static let experiments = Pane("experiments")
}
