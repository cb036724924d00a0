import Fleet

/// The audit trail: every action taken through llmdeck (rollbacks, their verifications, dry
/// runs, refusals and failures), newest first; Enter shows one row in full (the request, the
/// output, the evidence shown at confirm time).
extension PaneRegistration {
    public static let audit = PaneRegistration(
        .audit,
        title: "Audit",
        aliases: ["au"],
        bindings: [
            KeyBinding(
                [.character("j"), .down, .mouseWheelDown],
                "j/↓",
                "next (older) audit row",
                .pane(PaneOperation("nextAuditRow") { state in AuditView.move(by: 1, in: &state) })
            ),
            KeyBinding(
                [.character("k"), .up, .mouseWheelUp],
                "k/↑",
                "previous (newer) audit row",
                .pane(PaneOperation("previousAuditRow") { state in AuditView.move(by: -1, in: &state) })
            ),
            KeyBinding(
                [.character("g"), .home],
                "g/Home",
                "newest audit row",
                .pane(PaneOperation("newestAuditRow") { state in AuditView.move(by: Int.min / 2, in: &state) })
            ),
            KeyBinding(
                [.character("G"), .end],
                "G/End",
                "oldest audit row shown",
                .pane(PaneOperation("oldestAuditRow") { state in AuditView.move(by: Int.max / 2, in: &state) })
            ),
            KeyBinding(
                [.enter, .character("l")],
                "Enter/l",
                "the audit row in full (again: back)",
                .pane(
                    PaneOperation("auditDetail") { state in
                        state.showsAuditDetail.toggle()
                        return []
                    }
                ),
                hint: true
            ),
            KeyBinding(
                [.escape, .character("h")],
                "Esc/h",
                "back to the audit list",
                .pane(
                    PaneOperation("auditBack") { state in
                        state.showsAuditDetail = false
                        return []
                    }
                )
            ),
        ],
        readsAuditTrail: true,
        draw: { state, grid, rect in AuditView.draw(state, into: &grid, in: rect) }
    )
}

extension Pane {
    public static let audit = Pane("audit")
}
