import Fleet

/// `P` and `R` in the Experiments pane: the experiment actions, dangerous like the deployment
/// rollback (they change what production serves), so refused and dimmed in read-only mode.
extension KeyBinding {
    public static let promoteVariant = KeyBinding(
        [.character("P")],
        "P",
        "promote a variant of the experiment",
        .pane(PaneOperation("promoteVariant") { state in ConsoleReducer.openExperimentAction(.promote, in: &state) }),
        hint: true,
        dangerous: true
    )

    public static let rollBackExperiment = KeyBinding(
        [.character("R")],
        "R",
        "roll the experiment back to control",
        .pane(
            PaneOperation("rollBackExperiment") { state in ConsoleReducer.openExperimentAction(.rollback, in: &state) }
        ),
        dangerous: true
    )
}
