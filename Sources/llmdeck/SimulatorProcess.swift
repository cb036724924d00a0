import Foundation

/// `llmdeck-sim --announce-config` as a child of `llmdeck demo`: started in its own process
/// group (a Ctrl-C meant for the console does not stop it), its configuration read from its
/// standard output, its messages kept in a log file, and stopped when the demo ends. Its
/// standard input is a pipe this process holds: if the demo dies, the pipe closes and the
/// simulator stops by itself.
final class SimulatorProcess {
    let pid: pid_t
    /// The simulator's configuration YAML, with the ports it listens on.
    let configYAML: String
    private var input: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `binary` with `arguments` (plus `--announce-config`) and waits up to `timeout`
    /// seconds for its configuration; stderr goes to `logPath`.
    init(binary: String, arguments: [String], logPath: String, timeout: Double = 60) throws {
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw Failure(description: "cannot create a pipe: \(Self.errnoText)") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            throw Failure(description: "cannot create a pipe: \(Self.errnoText)")
        }
        _ = fcntl(toChild[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fromChild[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        )
        let argv = ([binary] + arguments + ["--announce-config"]).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, binary, &actions, &attributes, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw Failure(description: "cannot run \(binary): \(String(cString: strerror(spawned)))")
        }
        pid = child
        input = toChild[1]
        let output = fromChild[0]
        defer { close(output) }
        switch Self.readConfiguration(from: output, timeout: timeout) {
        case .success(let yaml):
            configYAML = yaml
        case .failure(let problem):
            Self.end(pid: child, input: toChild[1])
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            let said = log.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: said.isEmpty ? problem.description : "\(problem):\n\(said)")
        }
    }

    deinit { stop() }

    /// Ends the simulator (closes its input, SIGTERM, then waits for it); idempotent.
    func stop() {
        guard input >= 0 else { return }
        Self.end(pid: pid, input: input)
        input = -1
    }

    private static func end(pid: pid_t, input: Int32) {
        close(input)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// Reads lines until `SimCommand.endOfConfig`, the child's exit, or the timeout.
    private static func readConfiguration(from fd: Int32, timeout: Double) -> Result<String, Failure> {
        var bytes: [UInt8] = []
        let marker = Array("# end of llmdeck config\n".utf8)
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .failure(Failure(description: "the simulator exited before listening")) }
            bytes += buffer[0..<count]
            if bytes.count >= marker.count, bytes.suffix(marker.count).elementsEqual(marker) {
                return .success(String(decoding: bytes.dropLast(marker.count), as: UTF8.self))
            }
        }
        return .failure(Failure(description: "the simulator did not listen within \(Int(timeout)) s"))
    }

    private static var errnoText: String { String(cString: strerror(errno)) }
}
