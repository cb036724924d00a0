import Synchronization

/// Whether a source's pollers may still start polls, and how many polls are running: what
/// `ScrapeSource.run` waits on before it returns, so that no observation arrives after it did.
final class PollingState: Sendable {
    private struct State {
        var isStopped = false
        var inFlight = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// True when a poll may start; it then counts as running until `finish()`.
    func begin() -> Bool {
        state.withLock { state in
            guard !state.isStopped else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// Ends a poll `begin()` allowed; true when polling goes on (the next poll may be scheduled).
    func finish() -> Bool {
        let (goesOn, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            state.inFlight -= 1
            guard state.isStopped, state.inFlight == 0 else { return (!state.isStopped, nil) }
            defer { state.waiter = nil }
            return (false, state.waiter)
        }
        waiter?.resume()
        return goesOn
    }

    /// No poll starts from now on; the waiter returns once the running ones finished.
    func stop() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isStopped = true
            guard state.inFlight == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once `stop()` was called and no poll is running.
    func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.isStopped && state.inFlight == 0 { return true }
                state.waiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }
}
