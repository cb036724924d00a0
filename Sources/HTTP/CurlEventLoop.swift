import CCurl
import Dispatch
import Glibc
import Synchronization

/// The thread that owns one `CURLM` and every easy handle added to it.
///
/// Single owner: only the loop thread touches the multi handle's transfers. Other threads
/// hand requests over through a lock-protected inbox and a wake-up pipe. The loop blocks in
/// `epoll_wait` on the sockets libcurl names (`SocketWatch`, libcurl's `socket_action`
/// interface), so it runs on its own pthread, never on Swift's cooperative pool.
final class CurlEventLoop: Sendable {
    /// A request waiting in the inbox for the loop thread.
    struct Submission: Sendable {
        var request: HTTPRequest
        var completion: @Sendable (Result<HTTPResponse, HTTPError>) -> Void
    }

    /// Work to run on the loop thread at `deadline` (`SocketWatch.now()` milliseconds).
    struct TimerRequest: Sendable {
        var deadline: Int64
        var work: @Sendable () -> Void
    }

    /// State shared between callers and the loop thread, always under `inbox`'s lock.
    struct Inbox: Sendable {
        var submissions: [Submission] = []
        var timers: [TimerRequest] = []
        /// Set by `shutdown()`: the loop fails what is pending and exits.
        var isStopping = false
        /// Set by the loop thread once it will never read the inbox again; the multi handle
        /// may then be gone, so nobody may wake it up.
        var isClosed = false
        var loopThread: pthread_t?
    }

    /// The multi handle's address; used only on the loop thread (the inbox wakes the loop through
    /// `SocketWatch`).
    private struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    /// The loop's epoll set; off the loop thread only its `wake()` is used, under the inbox lock
    /// while the inbox is open.
    private struct Watch: @unchecked Sendable {
        let watch: SocketWatch
    }

    private let multi: MultiHandle?
    private let watch: Watch?
    private let inbox = Mutex(Inbox())
    /// Entered before the thread starts, left when it has cleaned up: what `shutdown()` waits for.
    private let finished = DispatchGroup()
    /// Why requests fail once the loop is closed.
    private let closedReason: String
    /// Idle easy handles kept for reuse. A handle keeps its download buffer (16 KiB and more),
    /// and a poller has a few dozen requests in flight at a time, not one per connection.
    private static let poolCapacity = 16

    /// libcurl's `CURL_SOCKET_TIMEOUT`: "no socket, the timer expired".
    private static let timeoutSocket: curl_socket_t = -1

    /// Milliseconds the loop sleeps in `epoll_wait` when nothing wakes it earlier.
    private static let idlePollMilliseconds: Int32 = 1_000

    /// Milliseconds a server's resolved address stays in libcurl's cache (`AddressExpiry`).
    private let addressLifetime: Int64

    init(maxConnections: Int, maxConnectionsPerHost: Int, addressLifetime: Int64 = 60_000) {
        self.addressLifetime = addressLifetime
        let socketWatch = SocketWatch()
        watch = socketWatch.map(Watch.init)
        let pointer = CurlRuntime.initResult == CURLE_OK && socketWatch != nil ? CCurl_multi_init() : nil
        multi = pointer.map(MultiHandle.init)
        guard let pointer, let socketWatch else {
            closedReason =
                socketWatch == nil
                ? "the HTTP client could not create its epoll set (open-file limit reached?)"
                : CurlRuntime.unavailableReason
            inbox.withLock { $0.isClosed = true }
            return
        }
        socketWatch.attach(to: pointer)
        let limit = max(1, maxConnections)
        _ = CCurl_multi_setopt_long(pointer, CURLMOPT_MAX_TOTAL_CONNECTIONS, limit)
        _ = CCurl_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, limit)
        _ = CCurl_multi_setopt_long(pointer, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, maxConnectionsPerHost))
        closedReason = "the HTTP client was shut down before the request completed; create a new client to send more"
        finished.enter()
        if !Self.startThread(running: self) {
            finished.leave()
            inbox.withLock { $0.isClosed = true }
            CCurl_multi_cleanup(pointer)
        }
    }

    /// Queues `request`; `completion` runs on the loop thread, or right here if the loop is closed.
    func submit(_ request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, HTTPError>) -> Void) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.isClosed, !state.isStopping, let watch else { return false }
            state.submissions.append(Submission(request: request, completion: completion))
            Self.wakeIfNeeded(&state, watch.watch)
            return true
        }
        if !accepted {
            completion(.failure(HTTPError(kind: .other, message: "\(request): \(closedReason)")))
        }
    }

    /// Runs `work` on the loop thread once `milliseconds` have passed; returns false (and never runs
    /// it) when the loop is closed or closing. Timers still pending at shutdown are dropped.
    @discardableResult
    func schedule(afterMilliseconds milliseconds: Int64, _ work: @escaping @Sendable () -> Void) -> Bool {
        let deadline = SocketWatch.now() + max(0, milliseconds)
        return inbox.withLock { state -> Bool in
            guard !state.isClosed, !state.isStopping, let watch else { return false }
            state.timers.append(TimerRequest(deadline: deadline, work: work))
            Self.wakeIfNeeded(&state, watch.watch)
            return true
        }
    }

    /// Wakes the loop for the first item of an empty inbox, unless the caller is the loop thread
    /// itself (a completion or a timer sending more): the loop reads its inbox before it waits
    /// again, so a wake-up would only cost a `write` and a `read`.
    private static func wakeIfNeeded(_ state: inout Inbox, _ watch: SocketWatch) {
        guard state.submissions.count + state.timers.count == 1 else { return }
        if let loopThread = state.loopThread, pthread_equal(loopThread, pthread_self()) != 0 { return }
        watch.wake()
    }

    /// Asks the loop to stop and, unless called from the loop thread itself, waits until it has.
    func shutdown() {
        let isLoopThread = inbox.withLock { state -> Bool in
            if !state.isClosed, let watch {
                state.isStopping = true
                watch.watch.wake()
            }
            return state.loopThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        if !isLoopThread { finished.wait() }
    }

    private static func startThread(running loop: CurlEventLoop) -> Bool {
        let context = Unmanaged.passRetained(loop).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                let loop = Unmanaged<CurlEventLoop>.fromOpaque(context).takeRetainedValue()
                loop.run()
                return nil
            },
            context
        )
        guard created == 0 else {
            Unmanaged<CurlEventLoop>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The loop body: runs on the loop thread until `shutdown()`.
    private func run() {
        guard let multi = multi?.pointer, let watch = watch?.watch else { return }
        inbox.withLock { $0.loopThread = pthread_self() }
        var transfers: [Int: Transfer] = [:]
        var timers = TimerQueue()
        var addresses = AddressExpiry(lifetime: addressLifetime)
        let pool = EasyHandlePool(capacity: Self.poolCapacity)
        var arrivals: [Submission] = []
        var newTimers: [TimerRequest] = []
        while true {
            // When stopping, submissions stay in the inbox for `close` to fail.
            let isStopping = inbox.withLock { state -> Bool in
                guard !state.isStopping else { return true }
                swap(&arrivals, &state.submissions)
                swap(&newTimers, &state.timers)
                return false
            }
            if isStopping { break }
            for timer in newTimers { timers.insert(deadline: timer.deadline, work: timer.work) }
            newTimers.removeAll(keepingCapacity: true)
            for submission in arrivals {
                let dropAddress = addresses.isDue(submission.request.url, now: SocketWatch.now())
                start(submission, on: multi, from: pool, dropAddress: dropAddress, into: &transfers)
            }
            arrivals.removeAll(keepingCapacity: true)
            let ready = watch.wait(idleMilliseconds: Self.idlePollMilliseconds, until: timers.nextDeadline)
            var running: Int32 = 0
            for (socket, mask) in ready.sockets {
                _ = CCurl_multi_socket_action(multi, socket, mask, &running)
            }
            if ready.timerExpired {
                _ = CCurl_multi_socket_action(multi, Self.timeoutSocket, 0, &running)
            }
            completeFinished(on: multi, from: &transfers, returningTo: pool)
            if timers.nextDeadline != nil {
                let now = SocketWatch.now()
                while let due = timers.popDue(now: now) { due.work() }
            }
        }
        timers.removeAll()
        pool.drain()  // before `close` cleans up the multi handle
        close(multi, failing: &transfers)
    }

    private func start(
        _ submission: Submission,
        on multi: UnsafeMutableRawPointer,
        from pool: EasyHandlePool,
        dropAddress: Bool,
        into transfers: inout [Int: Transfer]
    ) {
        let made = Transfer.make(
            submission.request,
            from: pool,
            dropCachedAddress: dropAddress,
            completion: submission.completion
        )
        switch made {
        case .failure(let error):
            submission.completion(.failure(error))
        case .success(let transfer):
            let added = CCurl_multi_add_handle(multi, transfer.easy)
            guard added == CURLM_OK else {
                let reason = String(cString: CCurl_multi_strerror(added))
                submission.completion(.failure(transfer.abandoned(reason: "libcurl refused the transfer: \(reason)")))
                return
            }
            transfers[Int(bitPattern: transfer.easy)] = transfer
        }
    }

    /// Removes every finished transfer from the multi handle and calls its completion.
    private func completeFinished(
        on multi: UnsafeMutableRawPointer,
        from transfers: inout [Int: Transfer],
        returningTo pool: EasyHandlePool
    ) {
        var queued: Int32 = 0
        while let message = CCurl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            CCurl_multi_remove_handle(multi, easy)
            guard let transfer = transfers.removeValue(forKey: Int(bitPattern: easy)) else { continue }
            let outcome = transfer.outcome(code)
            transfer.handBack(to: pool)
            transfer.completion(outcome)
        }
    }

    /// Closes the inbox, fails everything still pending, and releases every handle.
    private func close(_ multi: UnsafeMutableRawPointer, failing transfers: inout [Int: Transfer]) {
        let leftovers = inbox.withLock { state in
            state.isClosed = true
            state.timers.removeAll()
            defer { state.submissions.removeAll() }
            return state.submissions
        }
        for transfer in transfers.values {
            CCurl_multi_remove_handle(multi, transfer.easy)
            transfer.completion(.failure(transfer.abandoned(reason: closedReason)))
        }
        transfers.removeAll()  // easy handles are cleaned up before the multi handle
        for submission in leftovers {
            submission.completion(.failure(HTTPError(kind: .other, message: "\(submission.request): \(closedReason)")))
        }
        CCurl_multi_cleanup(multi)
        finished.leave()
    }
}
