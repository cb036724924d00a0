import Fleet
import Terminal

/// The pure update function: (state, message) → state, plus effects for the run loop.
public enum ConsoleReducer {
    /// Seconds a flash message stays on the status line.
    static let flashMilliseconds: Int64 = 4000

    public static func reduce(
        _ state: inout AppState,
        _ message: ConsoleMessage,
        registry: ConsoleRegistry = .standard
    ) -> [ConsoleEffect] {
        switch message {
        case .key(let key):
            return handle(key, in: &state, registry: registry)
        case .snapshot(let snapshot):
            guard !state.isPaused else { return [] }
            if let error = snapshot.error { flash(error, isError: true, in: &state) }
            state.previous = state.snapshot
            state.snapshot = snapshot
            state.keepSelection()
            return bell(after: snapshot, in: &state)
        case .resize(let width, let height):
            state.width = max(0, width)
            state.height = max(0, height)
        case .tick(let now):
            state.now = now
            if let flash = state.flash, flash.until <= now { state.flash = nil }
            if let status = state.rollbackStatus, status.until <= now { state.rollbackStatus = nil }
        case .themeLoaded(let name, let error):
            if let error {
                flash(error, isError: true, in: &state)
            } else {
                state.themeName = name
                flash("theme \(name)", isError: false, in: &state)
            }
        case .alertActionDone(let text, let isError):
            flash(text, isError: isError, in: &state)
        case .rollbackProposed(let deployment, let result):
            receiveProposal(result, for: deployment, in: &state)
        case .experimentActionProposed(let experiment, let result):
            receiveExperimentProposal(result, for: experiment, in: &state)
        case .rollbackProgress(let progress):
            return showRollbackProgress(progress, in: &state)
        case .auditTrail(let trail):
            state.auditTrail = trail
        }
        return []
    }

    /// `ringBell` when a critical alert fires now that did not at the last read that counted
    /// alerts (and the bell is on); remembers what fires now.
    private static func bell(after snapshot: FleetSnapshot, in state: inout AppState) -> [ConsoleEffect] {
        guard snapshot.alertCounts != nil else { return [] }
        let known = state.criticalFiring
        state.criticalFiring = snapshot.criticalFiring
        guard state.ringsBell, let known, !snapshot.criticalFiring.isSubset(of: known) else { return [] }
        return [.ringBell]
    }

    private static func handle(_ key: Key, in state: inout AppState, registry: ConsoleRegistry) -> [ConsoleEffect] {
        if key == .resize { return [] }
        if state.rollbackDialog != nil { return handleRollbackDialog(key, in: &state) }
        if state.experimentDialog != nil { return handleExperimentDialog(key, in: &state) }
        switch state.mode {
        case .help:
            switch key {
            case .character("q"), .escape, .character("?"), .enter: state.mode = .normal
            case .character("j"), .down, .mouseWheelDown: state.helpOffset += 1
            case .character("k"), .up, .mouseWheelUp: state.helpOffset = max(0, state.helpOffset - 1)
            case .pageDown, .character(" "): state.helpOffset += max(1, state.height - 6)
            case .pageUp: state.helpOffset = max(0, state.helpOffset - max(1, state.height - 6))
            case .character("g"), .home: state.helpOffset = 0
            default: break
            }
            return []
        case .filter(var input):
            if key == .tab { return [] }
            switch input.handle(key) {
            case .edited:
                state.mode = .filter(input)
                state.filter = input.text
                state.selection = ScrollState()
                state.selectedName = nil
                state.selectedGroup = nil
            case .submitted(let text):
                state.filter = text
                state.mode = .normal
            case .cancelled:
                state.filter = ""
                state.mode = .normal
            case .ignored:
                state.mode = .filter(input)
            }
            return []
        case .command(var input):
            if key == .tab {
                input.setText(registry.complete(input.text, in: state))
                state.mode = .command(input)
                return []
            }
            switch input.handle(key) {
            case .edited, .ignored: state.mode = .command(input)
            case .cancelled: state.mode = .normal
            case .submitted(let text):
                state.mode = .normal
                return run(text, in: &state, registry: registry)
            }
            return []
        case .silence(var prompt):
            switch prompt.handle(key) {
            case .editing: state.mode = .silence(prompt)
            case .cancelled:
                state.mode = .normal
                flash("silence cancelled", isError: false, in: &state)
            case .done(let action):
                state.mode = .normal
                return [.alertAction(action)]
            }
            return []
        case .normal:
            guard let binding = registry.binding(for: key, in: state.pane) else { return [] }
            if binding.isRefusedWhenReadOnly && state.isReadOnly {
                flash("read-only: \(binding.label) (\(binding.summary)) is refused", isError: true, in: &state)
                return []
            }
            return perform(binding.intent, in: &state, registry: registry)
        }
    }

    /// What `intent` does; Fleet's group keys fall back to it on a deployment row.
    static func perform(
        _ intent: KeyIntent,
        in state: inout AppState,
        registry: ConsoleRegistry
    ) -> [ConsoleEffect] {
        let count = state.arrangement.rows.count
        let page = max(1, state.height - 8)
        switch intent {
        case .quit:
            if refusesQuit(in: &state) { return [] }
            state.shouldQuit = true
            return [.quit]
        case .help:
            state.mode = .help
            state.helpOffset = 0
        case .nextPane: state.pane = registry.pane(after: state.pane)
        case .previousPane: state.pane = registry.pane(after: state.pane, by: -1)
        case .showPane(let pane): state.pane = pane
        case .moveUp: move(by: -1, count: count, in: &state)
        case .moveDown: move(by: 1, count: count, in: &state)
        case .pageUp: move(by: -page, count: count, in: &state)
        case .pageDown: move(by: page, count: count, in: &state)
        case .top: move(by: -count, count: count, in: &state)
        case .bottom: move(by: count, count: count, in: &state)
        case .openDetail:
            if state.selectedDeployment != nil { state.pane = .detail }
        case .back: state.pane = .fleet
        case .filter:
            state.mode = .filter(TextInput(text: state.filter))
        case .command:
            state.mode = .command(TextInput())
        case .pause:
            state.isPaused.toggle()
            flash(state.isPaused ? "paused: data frozen, p resumes" : "resumed", isError: false, in: &state)
        case .faster: setRefresh(state.refreshInterval / 2, in: &state)
        case .slower: setRefresh(state.refreshInterval * 2, in: &state)
        case .sortNext: sort(by: state.sortColumn.rawValue + 1, in: &state)
        case .sortPrevious: sort(by: state.sortColumn.rawValue - 1, in: &state)
        case .sortReverse: state.sortAscending.toggle()
        case .toggleMark: toggleMark(count: count, in: &state)
        case .clearMarks:
            if !state.marked.isEmpty { flash("\(state.marked.count) marks cleared", isError: false, in: &state) }
            state.marked = []
        case .nextRange: shiftRange(by: 1, in: &state)
        case .previousRange: shiftRange(by: -1, in: &state)
        case .pane(let operation): return operation.apply(&state)
        }
        return []
    }

    private static func run(_ text: String, in state: inout AppState, registry: ConsoleRegistry) -> [ConsoleEffect] {
        switch registry.run(text, in: &state) {
        case .failure(let error):
            flash(error.message, isError: true, in: &state)
            return []
        case .success(let effects): return effects
        }
    }

    private static func move(by delta: Int, count: Int, in state: inout AppState) {
        if state.pane == .detail {
            state.detailScroll.offset = max(0, state.detailScroll.offset + delta)
            return
        }
        state.selection.selected = state.selectedRow
        state.selection.move(by: delta, count: count)
        state.selectRow(state.selection.selected)
    }

    private static func sort(by rawValue: Int, in state: inout AppState) {
        let count = FleetColumn.allCases.count
        state.sortColumn = FleetColumn(rawValue: (rawValue + count) % count) ?? .name
        state.keepSelection()
    }

    static func setRefresh(_ seconds: Double, in state: inout AppState) {
        state.refreshInterval = min(AppState.slowestRefresh, max(AppState.fastestRefresh, seconds))
        flash("refresh every \(formatSeconds(state.refreshInterval))", isError: false, in: &state)
    }

    /// Space: marks the row under the cursor (or unmarks it) and moves down, like htop's tag; a
    /// ninth mark is refused with a message, since the overlay has eight series colours.
    private static func toggleMark(count: Int, in state: inout AppState) {
        guard let name = state.selectedDeployment?.name else { return }
        if let index = state.marked.firstIndex(of: name) {
            state.marked.remove(at: index)
        } else if state.marked.count >= AppState.maximumMarks {
            flash(
                "at most \(AppState.maximumMarks) marks (one chart colour each); unmark one with Space or all with U",
                isError: true,
                in: &state
            )
            return
        } else {
            state.marked.append(name)
        }
        move(by: 1, count: count, in: &state)
    }

    private static func shiftRange(by delta: Int, in state: inout AppState) {
        let all = TimeRange.allCases
        guard let index = all.firstIndex(of: state.range) else { return }
        state.range = all[min(max(0, index + delta), all.count - 1)]
    }

    static func flash(_ text: String, isError: Bool, in state: inout AppState) {
        state.flash = Flash(text: text, isError: isError, until: state.now + flashMilliseconds)
    }

    /// `250ms`, `1s`, `2.5s`.
    static func formatSeconds(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        let tenths = Int((seconds * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
    }
}
