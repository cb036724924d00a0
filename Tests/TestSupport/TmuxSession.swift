import Foundation

/// A detached tmux session on its own server socket, driving a real binary for end-to-end tests.
///
/// Every wait is a bounded number of polls (never a timing assertion): generous, because CI runs
/// on two loaded cores.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String

    /// Starts `command` in a `width`×`height` session; throws when tmux cannot start it.
    public init(command: String, width: Int = 120, height: Int = 40) throws {
        socket = "llmdeck-test-\(UUID().uuidString.prefix(8))"
        // The tmux server keeps the client's stdout open, so new-session must not be read to EOF.
        try Self.tmux(
            ["-L", socket, "new-session", "-d", "-x", "\(width)", "-y", "\(height)", command],
            readsOutput: false
        )
    }

    deinit { kill() }

    /// The visible screen as text.
    public func capture() -> String {
        (try? Self.tmux(["-L", socket, "capture-pane", "-p"])) ?? ""
    }

    /// Sends keys as tmux names them (`q`, `Enter`, `Escape`, `Tab`, `/`, literal text with `-l`).
    public func send(_ keys: String..., literal: Bool = false) {
        _ = try? Self.tmux(["-L", socket, "send-keys"] + (literal ? ["-l"] : []) + keys)
    }

    public func resize(width: Int, height: Int) {
        _ = try? Self.tmux(["-L", socket, "resize-window", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `condition` holds, at most `attempts` times 200 ms apart; returns the
    /// last screen and whether the condition held. Between polls the task sleeps: a blocked thread
    /// would take one of the concurrency pool's few threads (two on a two-core runner) from every
    /// other test, and their loopback servers would stop answering.
    @discardableResult
    public func waitFor(attempts: Int = 150, _ condition: (String) -> Bool) async -> (screen: String, matched: Bool) {
        var screen = ""
        for _ in 0..<attempts {
            screen = capture()
            if condition(screen) { return (screen, true) }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return (screen, false)
    }

    public func kill() {
        _ = try? Self.tmux(["-L", socket, "kill-server"])
    }

    /// Whether tmux is installed (tests are skipped with a reason otherwise).
    public static var isAvailable: Bool { (try? tmux(["-V"])) != nil }

    /// Runs tmux with posix_spawn and waitpid (Foundation's `Process` can miss the exit of a
    /// client whose daemonized server keeps running); output goes through a temporary file.
    @discardableResult
    static func tmux(_ arguments: [String], readsOutput: Bool = true) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("llmdeck-tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions,
            1,
            readsOutput ? outputPath : "/dev/null",
            O_WRONLY | O_CREAT | O_TRUNC,
            0o600
        )
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Test runner threads block signals; a tmux server (and the console under it) must not
        // inherit that mask, or SIGHUP from kill-server never ends them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "cannot start tmux: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")) failed (\(status))")
        }
        guard readsOutput, let data = FileManager.default.contents(atPath: outputPath) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// tmux could not run a command; the message names it.
public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
