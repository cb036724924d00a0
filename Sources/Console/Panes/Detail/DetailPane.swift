import Fleet

/// Everything known about the deployment under the cursor: polls, versions, series.
extension PaneRegistration {
    public static let detail = PaneRegistration(
        .detail,
        title: "Detail",
        aliases: ["d"],
        bindings: [
            .rollback,
            KeyBinding([.escape, .character("h")], "Esc/h", "back to fleet", .back),
        ],
        read: { state, request in request.detailOf = state.selectedDeployment?.ref },
        draw: { state, grid, rect in DetailView.draw(state, into: &grid, in: rect) }
    )
}
