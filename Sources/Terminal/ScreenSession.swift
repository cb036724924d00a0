import CNcursesw
import Glibc
import Synchronization

/// Process-wide record of whether ncurses owns the terminal, so `restore` is idempotent and can be
/// called from a signal handler, an `atexit` hook or a `defer` without double `endwin`.
public enum ScreenSession {
    private static let isActive = Atomic<Bool>(false)

    static func begin() { isActive.store(true, ordering: .sequentiallyConsistent) }

    /// Whether the terminal is currently in curses mode.
    public static var isInCursesMode: Bool { isActive.load(ordering: .sequentiallyConsistent) }

    /// Leaves curses mode once: shows the cursor, turns mouse reporting off, `endwin`.
    /// Safe to call any number of times and from a signal handler (one atomic exchange, then
    /// ncurses' own `endwin`, which is the documented way to leave curses mode from a handler).
    public static func restore() {
        guard isActive.exchange(false, ordering: .sequentiallyConsistent) else { return }
        curs_set(1)
        endwin()
    }

    /// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT that restore the terminal and then
    /// let the signal take its default effect, so the shell sees the usual exit status. SIGHUP
    /// skips the restore: the terminal is already gone.
    public static func installSignalRestore() {
        // A parent may have started us with these blocked (test runners do); unblock them here.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&unblocked, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(signalNumber) { received in
                // SIGHUP means the terminal is gone: endwin() would write to a dead tty (and was
                // seen spinning there), so only the other signals restore it.
                if received != SIGHUP { ScreenSession.restore() }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
