import Analysis
import Fleet
import Foundation
import Glibc
import Terminal

/// How the console starts: theme, refresh, read-only, where the data comes from.
public struct ConsoleOptions: Sendable {
    public var themeName: String
    /// Seconds between store reads.
    public var refreshInterval: Double
    public var isReadOnly: Bool
    /// Shown in the header (`demo`, the store path).
    public var source: String
    /// The pane shown first (the fleet unless a caller such as the start-up bench asks otherwise).
    public var initialPane: Pane
    /// The chart range shown first.
    public var initialRange: TimeRange
    /// Rings the terminal bell when a critical alert starts firing (`alerts.bell: true`).
    public var ringsBell: Bool

    public init(
        themeName: String = "default",
        refreshInterval: Double = 1,
        isReadOnly: Bool = false,
        source: String = "",
        initialPane: Pane = .fleet,
        initialRange: TimeRange = .oneHour,
        ringsBell: Bool = false
    ) {
        self.themeName = themeName
        self.refreshInterval = refreshInterval
        self.isReadOnly = isReadOnly
        self.source = source
        self.initialPane = initialPane
        self.initialRange = initialRange
        self.ringsBell = ringsBell
    }
}

/// Where the run loop draws and reads keys: the ncurses terminal, or a headless screen (the
/// start-up benchmark presents the real frames into one).
public protocol ConsoleScreen: AnyObject {
    /// Cells.
    var size: (width: Int, height: Int) { get }
    func present(_ grid: CellGrid)
    func readKey(timeoutMilliseconds: Int32) -> Key?
    /// Waits up to `timeoutMilliseconds` for a key, returning early (nil) when `descriptor`
    /// becomes readable: the run loop sleeps until a key, a snapshot or its next clock redraw.
    func readKey(timeoutMilliseconds: Int32, wakingOn descriptor: Int32) -> Key?
    /// True when the terminal changed size since the last call.
    func pollResize() -> Bool
    func setTheme(_ theme: Theme)
    func restore()
    /// Rings the terminal bell (a critical alert started firing).
    func ringBell()
}

extension NcursesBackend: ConsoleScreen {}

extension ConsoleScreen {
    /// Screens without a terminal have no bell.
    public func ringBell() {}

    /// For screens whose keys cannot be waited on with `poll` (headless and scripted screens):
    /// checks for a key, then waits on `descriptor` for at most 5 ms, until the timeout.
    public func readKey(timeoutMilliseconds: Int32, wakingOn descriptor: Int32) -> Key? {
        var left = max(0, timeoutMilliseconds)
        while true {
            if let key = readKey(timeoutMilliseconds: 0) { return key }
            var watch = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&watch, 1, min(left, 5)) > 0 { return nil }
            left -= 5
            if left <= 0 { return nil }
        }
    }
}

/// The run loop: owns the terminal (ncurses) on the calling thread, feeds keys, snapshots, ticks
/// and resizes into the reducer and presents the view. Data arrive from `DataFeed`'s thread.
public final class ConsoleApp {
    private let options: ConsoleOptions
    private let feed: DataFeed
    private let catalog: ThemeCatalog
    private let registry: ConsoleRegistry
    private let alertRules: [AlertRuleSpec]
    private let alertWriter: AlertActionWriter
    private let rollbacks: RollbackController?

    /// - Parameters:
    ///   - alertWriter: writes acknowledgements and silences; without one they are refused with
    ///     a message.
    ///   - rollbacks: plans and performs rollbacks and reads the audit trail; without one `R`
    ///     says the console cannot roll back and the Audit pane says why it is empty.
    public init(
        options: ConsoleOptions,
        catalog: ThemeCatalog,
        registry: ConsoleRegistry = .standard,
        reader: SnapshotReader,
        alertWriter: AlertActionWriter? = nil,
        rollbacks: RollbackController? = nil
    ) {
        self.options = options
        self.catalog = catalog
        self.registry = registry
        alertRules = reader.alertRules
        self.alertWriter =
            alertWriter ?? AlertActionWriter(refusing: "this console has no store to write to", actor: "")
        self.rollbacks = rollbacks
        let initial = ReadRequest(interval: options.refreshInterval)
        if let rollbacks {
            let readAuditTrail: @Sendable () -> AuditTrail = {
                do {
                    return AuditTrail(rows: try rollbacks.auditTrail(limit: AuditTrail.limit))
                } catch {
                    return AuditTrail(rows: [], error: "\(error)")
                }
            }
            feed = DataFeed(request: initial, read: { reader.readIfChanged($0) }, readAuditTrail: readAuditTrail)
        } else {
            feed = DataFeed(request: initial) { reader.readIfChanged($0) }
        }
    }

    /// Milliseconds since the Unix epoch.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Runs until `q`/`:q`; the terminal is restored before this returns or throws, and on
    /// SIGINT/SIGTERM/SIGHUP (signal handlers installed here).
    public func run() throws(TerminalError) {
        let loaded = catalog.load(options.themeName)
        let backend = try NcursesBackend(theme: loaded.theme)
        ScreenSession.installSignalRestore()
        try loop(on: backend, loaded)
    }

    /// The run loop on `backend`, until `q`/`:q`; restores `backend` before returning or throwing.
    public func run(on backend: some ConsoleScreen) throws(TerminalError) {
        try loop(on: backend, catalog.load(options.themeName))
    }

    private func loop(on backend: some ConsoleScreen, _ loaded: (theme: Theme, error: String?)) throws(TerminalError) {
        var (theme, themeError) = loaded
        defer {
            feed.stop()
            backend.restore()
        }
        let size = backend.size
        var state = AppState(
            width: size.width,
            height: size.height,
            now: Self.now(),
            refreshInterval: options.refreshInterval,
            themeName: themeError == nil ? options.themeName : "default",
            themeNames: catalog.names,
            isReadOnly: options.isReadOnly,
            source: options.source
        )
        state.pane = options.initialPane
        state.range = options.initialRange
        state.alertRules = alertRules
        state.ringsBell = options.ringsBell
        if let themeError { ConsoleReducer.flash(themeError, isError: true, in: &state) }
        feed.update(registry.readRequest(for: state), readsAuditTrail: registry.readsAuditTrail(for: state))
        feed.start()
        var grid = CellGrid(width: size.width, height: size.height)
        // The grid the screen shows: a frame equal to it is not presented at all.
        var presented: CellGrid?
        var isDirty = true
        // The header's clock and data age change every second; a snapshot redraws the screen
        // anyway, so the clock alone redraws only when no frame was drawn for a second
        // (`clockDue`).
        var lastDraw: Int64 = 0
        var lastSnapshot: Int64?
        var instantTimeouts = 0
        /// Does what the reducer asked for outside the state.
        func perform(_ effects: [ConsoleEffect]) {
            for effect in effects {
                switch effect {
                case .quit: break
                case .loadTheme(let name):
                    (theme, themeError) = catalog.load(name)
                    if themeError == nil {
                        backend.setTheme(theme)
                        presented = nil
                    }
                    _ = ConsoleReducer.reduce(&state, .themeLoaded(name: name, error: themeError))
                case .alertAction(let action) where action.isRemote:
                    // A call to an Alertmanager: off the UI thread; what happened comes back through the feed.
                    let (writer, feed) = (alertWriter, feed)
                    ConsoleReducer.flash("asking Alertmanager…", isError: false, in: &state)
                    Task.detached {
                        feed.post(await writer.performRemotely(action, at: Self.now()))
                        feed.refresh()
                    }
                case .alertAction(let action):
                    perform(ConsoleReducer.reduce(&state, alertWriter.perform(action, at: Self.now())))
                    // Read at once, so the acknowledgement or silence shows without a refresh's wait.
                    feed.refresh()
                case .ringBell: backend.ringBell()
                case .proposeRollback(let deployment, let version, let reason):
                    propose(deployment: deployment, version: version, reason: reason)
                case .rollBack(let confirmation):
                    rollBack(confirmation)
                case .proposeExperimentAction(let kind, let experiment, let variant, let reason):
                    propose(kind, experiment: experiment, variant: variant, reason: reason)
                case .performExperimentAction(let confirmation):
                    performExperimentAction(confirmation)
                case .readAgain: feed.refresh()
                }
            }
        }
        while !state.shouldQuit {
            if isDirty {
                if grid.width != state.width || grid.height != state.height {
                    grid.resize(width: state.width, height: state.height)
                }
                ConsoleView.draw(state, registry: registry, into: &grid)
                if grid != presented {
                    backend.present(grid)
                    presented = grid
                }
                isDirty = false
                lastDraw = Self.now()
            }
            let waitStart = Self.now()
            let clock = clockDue(state, lastDraw: lastDraw, lastSnapshot: lastSnapshot)
            let timeout = waitMilliseconds(state, clockDue: clock, now: waitStart)
            var key: Key?
            if let ready = feed.readyDescriptor {
                key = backend.readKey(timeoutMilliseconds: timeout, wakingOn: ready)
            } else {
                key = backend.readKey(timeoutMilliseconds: timeout)
            }
            if key == nil, backend.pollResize() { key = .resize }
            // A closed terminal makes every read fail at once (htop's dead-tty guard): leave
            // instead of spinning. A snapshot also ends a wait early, so only a wait that was
            // neither data nor a full timeout counts.
            let isInstant = Self.now() - waitStart < min(5, Int64(timeout) / 4)
            let isDataReady = feed.hasSnapshot || feed.hasMessages
            instantTimeouts = key == nil && isInstant && !isDataReady ? instantTimeouts + 1 : 0
            if key == .resize { instantTimeouts = 0 }
            if instantTimeouts > 200 {
                throw TerminalError(message: "the terminal went away (reads fail at once); console closed")
            }
            // What to read next depends only on keys and data (sorting the fleet to find it is
            // not free), so it is derived again only after one of them.
            var requestMayChange = false
            while let pressed = key {
                requestMayChange = true
                if pressed == .resize {
                    presented = nil
                    let size = backend.size
                    _ = ConsoleReducer.reduce(&state, .resize(width: size.width, height: size.height))
                }
                perform(ConsoleReducer.reduce(&state, .key(pressed), registry: registry))
                isDirty = true
                if state.shouldQuit { break }
                key = backend.readKey(timeoutMilliseconds: 0)
            }
            let now = Self.now()
            if let snapshot = feed.take() {
                perform(ConsoleReducer.reduce(&state, .snapshot(snapshot)))
                isDirty = true
                requestMayChange = true
                lastSnapshot = now
            }
            for message in feed.takeMessages() {
                perform(ConsoleReducer.reduce(&state, message, registry: registry))
                isDirty = true
            }
            let hadFlash = state.flash != nil
            _ = ConsoleReducer.reduce(&state, .tick(now))
            if hadFlash, state.flash == nil { isDirty = true }
            if now >= clockDue(state, lastDraw: lastDraw, lastSnapshot: lastSnapshot) { isDirty = true }
            if requestMayChange {
                feed.update(registry.readRequest(for: state), readsAuditTrail: registry.readsAuditTrail(for: state))
            }
        }
    }

    /// Plans a rollback off the UI thread; the plan comes back through the feed.
    private func propose(deployment: String, version: String?, reason: String) {
        let feed = feed
        guard let rollbacks else {
            let error = RollbackError(message: "this console cannot roll back: it was opened without a configuration")
            feed.post(.rollbackProposed(deployment: deployment, .failure(error)))
            return
        }
        Task.detached {
            let result = await rollbacks.propose(deployment: deployment, version: version, reason: reason)
            feed.post(.rollbackProposed(deployment: deployment, result))
        }
    }

    /// Performs and verifies a confirmed rollback off the UI thread; each step comes back through
    /// the feed. Quitting the console stops the watching (the action itself is done by then, or
    /// abandoned with the process).
    private func rollBack(_ confirmation: RollbackConfirmation) {
        let feed = feed
        guard let rollbacks else {
            let reason = "this console cannot roll back: it was opened without a configuration"
            feed.post(.rollbackProgress(.notPerformed(deployment: confirmation.deployment, reason: reason)))
            return
        }
        Task.detached {
            await rollbacks.perform(confirmation) { progress in feed.post(.rollbackProgress(progress)) }
        }
    }

    /// Plans an experiment action off the UI thread; the plan comes back through the feed.
    private func propose(_ kind: ExperimentActionPlan.Kind, experiment: String, variant: String, reason: String) {
        let feed = feed
        guard let rollbacks else {
            let error = RollbackError(
                message: "this console cannot act on experiments: it was opened without a configuration"
            )
            feed.post(.experimentActionProposed(experiment: experiment, .failure(error)))
            return
        }
        Task.detached {
            let result = await rollbacks.propose(kind, experiment: experiment, variant: variant, reason: reason)
            feed.post(.experimentActionProposed(experiment: experiment, result))
        }
    }

    /// Performs a confirmed experiment action off the UI thread; its outcome comes back through
    /// the feed.
    private func performExperimentAction(_ confirmation: ExperimentActionConfirmation) {
        let feed = feed
        guard let rollbacks else {
            let reason = "this console cannot act on experiments: it was opened without a configuration"
            feed.post(.rollbackProgress(.notPerformed(deployment: confirmation.experiment, reason: reason)))
            return
        }
        Task.detached {
            await rollbacks.perform(confirmation) { progress in feed.post(.rollbackProgress(progress)) }
        }
    }

    /// When the clock alone redraws: a second after the last frame. While snapshots arrive at
    /// least every second (a live store at a refresh of 1 s or faster) each one redraws the
    /// clock too, and a read takes a little longer than the refresh, so the clock's own redraw
    /// then waits a quarter second more instead of drawing a frame just before every snapshot.
    private func clockDue(_ state: AppState, lastDraw: Int64, lastSnapshot: Int64?) -> Int64 {
        let refresh = Int64(state.refreshInterval * 1000)
        guard let lastSnapshot, refresh <= 1000, lastSnapshot >= lastDraw - refresh else { return lastDraw + 1000 }
        return lastDraw + 1250
    }

    /// How long the loop may sleep waiting for a key: until the clock redraw is due or a flash
    /// expires. Snapshots end the wait early through the feed's descriptor; without one (no
    /// pipe) the loop polls as before: 100 ms, 5 ms while a read the screen waits for is in
    /// flight.
    private func waitMilliseconds(_ state: AppState, clockDue: Int64, now: Int64) -> Int32 {
        guard feed.readyDescriptor != nil else { return feed.isAwaitingRead ? 5 : 100 }
        var until = clockDue
        if let flash = state.flash { until = min(until, flash.until) }
        return Int32(clamping: min(1250, max(1, until - now)))
    }
}
