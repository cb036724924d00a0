import CCurl
import Glibc

/// The sockets and the timer libcurl asks the event loop to watch (its `socket_action`
/// interface), kept in one epoll set together with a wake-up pipe.
///
/// With `curl_multi_perform` every call walks every transfer in flight, ready or not; with
/// `socket_action` only the transfer whose socket is ready runs, so a poller with a thousand
/// servers pays per event, not per transfer. Used only on the loop thread.
final class SocketWatch {
    private let epoll: Int32
    /// Read end and write end of the pipe that wakes `wait` when a request arrives.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// When libcurl wants `CURL_SOCKET_TIMEOUT`, in `CLOCK_MONOTONIC` milliseconds; nil: no timer.
    private var deadline: Int64?
    /// `epoll_wait`'s output, kept between waits (a loop waits hundreds of times a second).
    private var events = [epoll_event](repeating: epoll_event(), count: 256)
    private var readiness = Readiness()

    /// Nil when the kernel refuses an epoll set or a pipe (file limit reached).
    init?() {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { return nil }
        var ends: [Int32] = [0, 0]
        guard CCurl_wake_pipe(&ends) == 0 else {
            Glibc.close(epoll)
            return nil
        }
        self.epoll = epoll
        wakeRead = ends[0]
        wakeWrite = ends[1]
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeRead
        _ = epoll_ctl(epoll, EPOLL_CTL_ADD, wakeRead, &event)
    }

    deinit {
        Glibc.close(epoll)
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }

    /// Wakes a `wait` in progress (or the next one). Safe from any thread: one `write`.
    func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    /// Registers this watch's callbacks on `multi`; `self` must outlive the multi handle's use.
    func attach(to multi: UnsafeMutableRawPointer) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = CCurl_multi_setopt_socket_function(multi, socketCallback)
        _ = CCurl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        _ = CCurl_multi_setopt_timer_function(multi, timerCallback)
        _ = CCurl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
    }

    /// What `wait` found: sockets ready with libcurl's event mask, whether the timer expired,
    /// whether the pipe was written to.
    struct Readiness {
        var sockets: [(socket: Int32, mask: Int32)] = []
        var timerExpired = false
        var woken = false
    }

    /// Blocks until a watched socket is ready, libcurl's timer expires, `wake()` is called,
    /// `idleMilliseconds` pass or `until` (`now()` milliseconds: the loop's own next timer) comes.
    func wait(idleMilliseconds: Int32, until: Int64? = nil) -> Readiness {
        var timeout = idleMilliseconds
        let earliest = deadline.map { curl in until.map { min(curl, $0) } ?? curl } ?? until
        if let earliest {
            timeout = Int32(clamping: max(0, min(Int64(idleMilliseconds), earliest - Self.now())))
        }
        let count = epoll_wait(epoll, &events, Int32(events.count), timeout)
        readiness.sockets.removeAll(keepingCapacity: true)
        readiness.timerExpired = false
        readiness.woken = false
        for event in events.prefix(Int(max(count, 0))) {
            let fd = event.data.fd
            if fd == wakeRead {
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { drain in
                    while Glibc.read(wakeRead, drain.baseAddress, drain.count) > 0 {}
                }
                readiness.woken = true
                continue
            }
            var mask: Int32 = 0
            if event.events & EPOLLIN.rawValue != 0 { mask |= CURL_CSELECT_IN }
            if event.events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
            if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { mask |= CURL_CSELECT_ERR }
            readiness.sockets.append((fd, mask))
        }
        if let deadline, Self.now() >= deadline {
            self.deadline = nil
            readiness.timerExpired = true
        }
        return readiness
    }

    /// libcurl's socket callback: watch `socket` for `what` (`CURL_POLL_*`), or stop watching it.
    fileprivate func update(_ socket: Int32, _ what: Int32) {
        if what == CURL_POLL_REMOVE {
            _ = epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nil)
            return
        }
        var event = epoll_event()
        if what & CURL_POLL_IN != 0 { event.events |= EPOLLIN.rawValue }
        if what & CURL_POLL_OUT != 0 { event.events |= EPOLLOUT.rawValue }
        event.data.fd = socket
        if epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT {
            _ = epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event)
        }
    }

    /// libcurl's timer callback: -1 removes the timer, otherwise it fires in `milliseconds`.
    fileprivate func setTimer(_ milliseconds: Int) {
        deadline = milliseconds < 0 ? nil : Self.now() + Int64(milliseconds)
    }

    /// `CLOCK_MONOTONIC` in milliseconds.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}

private func socketCallback(
    _ easy: UnsafeMutableRawPointer?,
    _ socket: curl_socket_t,
    _ what: Int32,
    _ context: UnsafeMutableRawPointer?,
    _ socketContext: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context else { return 0 }
    Unmanaged<SocketWatch>.fromOpaque(context).takeUnretainedValue().update(socket, what)
    return 0
}

private func timerCallback(
    _ multi: UnsafeMutableRawPointer?,
    _ milliseconds: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context else { return 0 }
    Unmanaged<SocketWatch>.fromOpaque(context).takeUnretainedValue().setTimer(milliseconds)
    return 0
}
