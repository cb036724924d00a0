/// `R`: the one rollback binding, registered by each pane it works in (Fleet, Latency, Detail on
/// the selected deployment, Alerts on the selected alert's deployment), so help lists it once
/// with those panes.
extension KeyBinding {
    public static let rollback = KeyBinding(
        [.character("R")],
        "R",
        "roll back the deployment (confirm with evidence)",
        .pane(PaneOperation("rollback") { state in ConsoleReducer.openRollback(in: &state) }),
        hint: true,
        dangerous: true
    )
}
