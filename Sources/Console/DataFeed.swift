import Dispatch
import Fleet
import Synchronization
import Terminal

/// Reads snapshots on its own thread so the UI thread never waits on the store: the UI posts what
/// it wants (`update`), and picks up the newest finished snapshot (`take`) between keys.
///
/// It also reads the audit trail while the Audit pane is shown, and carries the messages of work
/// done off the UI thread (a rollback's plan and progress, `post`): both wake the UI like a
/// snapshot and are picked up with `takeMessages`.
///
/// A read that hangs (a locked store) only delays the next snapshot; the header then shows STALE.
public final class DataFeed: Sendable {
    private struct Shared {
        var request: ReadRequest
        var latest: FleetSnapshot?
        var isStopped = false
        /// Bumped when the request changes, so a read in flight for an old request is re-done.
        var generation = 0
        /// The generation of the newest snapshot delivered; behind `generation` while a read for
        /// the current request is still to come.
        var delivered = -1
        /// The audit trail is read at each refresh that found the store changed.
        var readsAuditTrail = false
        /// The audit trail is to be read at the next refresh whatever the store says (the pane
        /// was just opened, or the console wrote to the store).
        var isAuditTrailDue = false
        var messages: [ConsoleMessage] = []
    }

    private let shared: Mutex<Shared>
    private let wake = DispatchSemaphore(value: 0)
    private let read: @Sendable (ReadRequest) -> FleetSnapshot?
    private let readAuditTrail: @Sendable () -> AuditTrail
    /// Signalled when a snapshot is ready: the UI waits on it next to the terminal, so it sleeps
    /// until a key or data instead of polling.
    private let ready = WakePipe()

    /// - Parameters:
    ///   - read: builds a snapshot for a request, or nil when the one delivered last is still
    ///     current; called only on the feed's thread.
    ///   - readAuditTrail: reads the audit trail, on the feed's thread, while it is asked for.
    public init(
        request: ReadRequest,
        read: @escaping @Sendable (ReadRequest) -> FleetSnapshot?,
        readAuditTrail: @escaping @Sendable () -> AuditTrail = {
            AuditTrail(rows: [], error: "this console has no store to read it from")
        }
    ) {
        shared = Mutex(Shared(request: request))
        self.read = read
        self.readAuditTrail = readAuditTrail
    }

    /// A descriptor that becomes readable when a snapshot is ready to `take` (it stays readable
    /// until then); nil when no pipe could be made (descriptors exhausted): the caller polls.
    public var readyDescriptor: Int32? { ready?.readDescriptor }

    /// Starts the reader thread; the first read begins at once.
    public func start() {
        let thread = DispatchQueue(label: "llmdeck.console.feed", qos: .utility)
        thread.async { [self] in loop() }
    }

    /// Stops the reader after the read in flight; does not wait for it.
    public func stop() {
        shared.withLock { $0.isStopped = true }
        wake.signal()
    }

    /// Changes what is read; a change of pane, deployment or range triggers a read at once, and so
    /// does asking for the audit trail.
    public func update(_ request: ReadRequest, readsAuditTrail: Bool = false) {
        let changed = shared.withLock { state -> Bool in
            let auditOpened = readsAuditTrail && !state.readsAuditTrail
            state.readsAuditTrail = readsAuditTrail
            if auditOpened {
                state.isAuditTrailDue = true
                state.generation += 1
            }
            guard state.request != request else { return auditOpened }
            let wasPaused = state.request.isPaused
            let needsRead =
                state.request.latencyOf != request.latencyOf || state.request.detailOf != request.detailOf
                || state.request.overlay != request.overlay || state.request.experiments != request.experiments
                || state.request.alerts != request.alerts
                || state.request.range != request.range || (wasPaused && !request.isPaused)
                || request.interval < state.request.interval
            state.request = request
            if needsRead { state.generation += 1 }
            return needsRead || auditOpened
        }
        if changed { wake.signal() }
    }

    /// Reads again at once, for the same request: after the console wrote to the store itself
    /// (an acknowledgement, a silence), so the screen shows it without waiting a refresh.
    public func refresh() {
        shared.withLock {
            $0.generation += 1
            $0.isAuditTrailDue = true
        }
        wake.signal()
    }

    /// Hands `message` to the UI thread and wakes it (work done off the UI thread reports here).
    public func post(_ message: ConsoleMessage) {
        shared.withLock { $0.messages.append(message) }
        ready?.signal()
    }

    /// True when messages wait to be taken.
    public var hasMessages: Bool { shared.withLock { !$0.messages.isEmpty } }

    /// The messages posted since the last call, oldest first.
    public func takeMessages() -> [ConsoleMessage] {
        shared.withLock { state in
            defer { state.messages = [] }
            return state.messages
        }
    }

    /// True until a snapshot for the current request was read: the first one, or after a change of
    /// pane, deployment or range. The run loop then polls more often, so the frame with the new
    /// data follows the read within milliseconds instead of a whole key timeout.
    public var isAwaitingRead: Bool {
        shared.withLock { !$0.request.isPaused && $0.delivered != $0.generation }
    }

    /// True when a snapshot is ready to `take`.
    public var hasSnapshot: Bool { shared.withLock { $0.latest != nil } }

    /// The newest snapshot not taken yet, nil when none arrived since the last call.
    public func take() -> FleetSnapshot? {
        ready?.drain()
        return shared.withLock { state in
            defer { state.latest = nil }
            return state.latest
        }
    }

    private func loop() {
        while true {
            let (request, generation, stopped) = shared.withLock { ($0.request, $0.generation, $0.isStopped) }
            if stopped { return }
            if !request.isPaused {
                let snapshot = read(request)
                let isReady = shared.withLock { state -> Bool in
                    guard state.generation == generation else { return false }
                    if let snapshot { state.latest = snapshot }
                    state.delivered = generation
                    return snapshot != nil
                }
                if isReady { ready?.signal() }
                let isAuditTrailDue = shared.withLock { state -> Bool in
                    defer { state.isAuditTrailDue = false }
                    return state.readsAuditTrail && (state.isAuditTrailDue || snapshot != nil)
                }
                if isAuditTrailDue { post(.auditTrail(readAuditTrail())) }
                // A request that changed during the read is served at once.
                if shared.withLock({ $0.generation != generation }) { continue }
            }
            let nanoseconds = UInt64(max(0.05, request.interval) * 1_000_000_000)
            _ = wake.wait(timeout: .now() + .nanoseconds(Int(min(nanoseconds, UInt64(Int.max)))))
        }
    }
}
