import Foundation

/// A started command's process group and the read ends of its output pipes.
struct SpawnedCommand {
    private let pid: pid_t
    private let start: ContinuousClock.Instant
    private var streams: [OutputPipe]

    /// Starts `path` in a new process group (its pid is the group id).
    init(path: String, arguments: [String], environment: [String], outputLimit: Int) throws(CommandError) {
        var output = OutputPipe(limit: outputLimit)
        var errors = OutputPipe(limit: outputLimit)
        do {
            try output.open()
            try errors.open()
        } catch {
            output.close()
            errors.close()
            throw CommandError(
                kind: .spawnFailed,
                executable: path,
                message: "cannot make pipes for '\(path)': \(error)"
            )
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.writeEnd, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        start = ContinuousClock.now
        var child: pid_t = 0
        let spawned = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        output.closeWriteEnd()
        errors.closeWriteEnd()
        guard spawned == 0 else {
            output.close()
            errors.close()
            let reason = String(cString: strerror(spawned))
            let kind: CommandError.Kind =
                switch spawned {
                case ENOENT: .executableNotFound
                case EACCES, ENOEXEC: .notExecutable
                default: .spawnFailed
                }
            throw CommandError(kind: kind, executable: path, message: "cannot start '\(path)': \(reason)")
        }
        pid = child
        streams = [output, errors]
    }

    /// Reads the output until the command and its pipes end, killing the group at the timeout.
    mutating func supervise(timeout: Duration, grace: Duration) -> CommandResult {
        let clock = ContinuousClock()
        var deadline = start + timeout
        var signalsSent = 0
        var status: Int32?
        while true {
            if status == nil {
                status = reap(blocking: false)
            }
            if status != nil && streams.allSatisfy({ !$0.isOpen }) {
                break
            }
            let now = clock.now
            if now >= deadline {
                signalsSent += 1
                if signalsSent == 1 {
                    killpg(pid, SIGTERM)
                    deadline = now + grace
                } else if signalsSent == 2 {
                    killpg(pid, SIGKILL)
                    deadline = now + .seconds(1)
                } else {
                    // Something outside the group holds the pipes; stop reading them.
                    for index in streams.indices { streams[index].close() }
                    if status == nil {
                        status = reap(blocking: true)
                    }
                    break
                }
                continue
            }
            waitForOutput(atMost: min(deadline - now, .milliseconds(50)))
        }
        for index in streams.indices { streams[index].close() }
        return CommandResult(
            termination: Self.termination(of: status),
            isTimedOut: signalsSent > 0,
            duration: clock.now - start,
            standardOutput: streams[0].captured,
            standardError: streams[1].captured
        )
    }

    /// Polls the open pipes for up to `limit` and reads what is ready; sleeps when none is open.
    private mutating func waitForOutput(atMost limit: Duration) {
        let milliseconds = Int32(
            max(1, limit.components.seconds * 1_000 + limit.components.attoseconds / 1_000_000_000_000_000)
        )
        let open = streams.indices.filter { streams[$0].isOpen }
        guard !open.isEmpty else {
            usleep(UInt32(milliseconds) * 1_000)
            return
        }
        var descriptors = open.map { pollfd(fd: streams[$0].readEnd, events: Int16(POLLIN), revents: 0) }
        guard poll(&descriptors, nfds_t(descriptors.count), milliseconds) > 0 else { return }
        for (slot, index) in open.enumerated() where descriptors[slot].revents != 0 {
            streams[index].readAvailable()
        }
    }

    /// The raw wait status, or nil while the process runs.
    private func reap(blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { return status }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            // ECHILD: someone else collected it; its status is lost.
            return -1
        }
    }

    /// Decodes a wait status as `WIFEXITED` / `WTERMSIG` do (the macros are not imported).
    private static func termination(of status: Int32?) -> CommandResult.Termination {
        guard let status, status != -1 else { return .unknown }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
