import Fleet
import Vocabulary

/// Charts of the deployment under the cursor, or of the marked ones overlaid, over a time range.
extension PaneRegistration {
    public static let latency = PaneRegistration(
        .latency,
        title: "Latency",
        aliases: ["lat", "l"],
        bindings: [
            .rollback,
            KeyBinding([.character("U")], "U", "unmark all", .clearMarks),
            KeyBinding([.enter, .character("l")], "Enter/l", "open detail", .openDetail, hint: true),
            KeyBinding([.escape, .character("h")], "Esc/h", "back to fleet", .back),
            KeyBinding([.character("]"), .right], "]/→", "longer time range", .nextRange),
            KeyBinding([.character("["), .left], "[/←", "shorter time range", .previousRange),
        ],
        commands: [
            CommandRegistration(
                ["range"],
                usage: ":range " + TimeRange.allCases.map(\.rawValue).joined(separator: "|"),
                summary: "chart time range",
                takesArgument: true,
                candidates: { _ in TimeRange.allCases.map(\.rawValue) }
            ) { argument, state in
                guard let range = TimeRange(text: argument) else {
                    let all = TimeRange.allCases.map(\.rawValue).joined(separator: ", ")
                    return .failure(CommandError("usage: :range RANGE (\(all))"))
                }
                state.range = range
                ConsoleReducer.flash("range \(range.rawValue)", isError: false, in: &state)
                return .success([])
            }
        ],
        read: { state, request in
            if state.marked.isEmpty {
                request.latencyOf = state.selectedDeployment?.ref
            } else {
                request.overlay = state.marked.map { DeploymentRef($0) }
            }
        },
        draw: { state, grid, rect in LatencyView.draw(state, into: &grid, in: rect) }
    )
}
