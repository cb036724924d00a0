import Foundation

/// Runs an argv without a shell, in its own process group, killing the group at its timeout.
///
/// The command gets `/dev/null` as stdin, pipes for stdout and stderr (each captured up to
/// `outputLimit` bytes and drained beyond), default signal dispositions, an empty signal mask
/// and only the environment it is given. At the timeout the whole group gets SIGTERM, and
/// SIGKILL `terminationGrace` later; so does anything the command started that still holds its
/// output. Nothing that goes wrong after the start is an error: it is a `CommandResult`.
public struct CommandRunner: Sendable {
    /// Bytes kept per stream.
    public var outputLimit: Int
    /// Between SIGTERM and SIGKILL to the process group after the timeout.
    public var terminationGrace: Duration

    public init(outputLimit: Int = 65_536, terminationGrace: Duration = .seconds(5)) {
        self.outputLimit = outputLimit
        self.terminationGrace = terminationGrace
    }

    /// Runs `invocation` on a thread of its own, so neither the caller nor the concurrency
    /// pool waits on it.
    public func run(_ invocation: CommandInvocation) async throws(CommandError) -> CommandResult {
        let outcome = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<CommandResult, CommandError>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(CommandError) in try runBlocking(invocation) })
            }
            thread.name = "llmdeck-command"
            thread.start()
        }
        return try outcome.get()
    }

    /// Runs `invocation` on the calling thread until it and its output have ended.
    public func runBlocking(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        guard let name = invocation.arguments.first else {
            throw CommandError(
                kind: .emptyCommand,
                executable: "",
                message: "the command is empty; give at least the executable"
            )
        }
        let texts = invocation.arguments + invocation.environment.flatMap { [$0.key, $0.value] }
        if let bad = texts.first(where: { $0.utf8.contains(0) }) {
            throw CommandError(
                kind: .invalidArgument,
                executable: name,
                message: "an argument or environment entry of '\(name)' contains a NUL byte: \(bad.debugDescription)"
            )
        }
        let path = try Self.executablePath(of: name, searchPath: invocation.environment["PATH"])
        let environment = invocation.environment.map { "\($0.key)=\($0.value)" }.sorted()
        var command = try SpawnedCommand(
            path: path,
            arguments: invocation.arguments,
            environment: environment,
            outputLimit: outputLimit
        )
        return command.supervise(timeout: invocation.timeout, grace: terminationGrace)
    }

    /// Where `name` is: itself when it holds a `/`, else the first executable file of that
    /// name in `searchPath` (the command's own `PATH`, or `/usr/local/bin:/usr/bin:/bin`).
    static func executablePath(of name: String, searchPath: String?) throws(CommandError) -> String {
        if name.contains("/") {
            guard access(name, F_OK) == 0 else {
                throw CommandError(
                    kind: .executableNotFound,
                    executable: name,
                    message: "'\(name)' does not exist; check the path in the action's command"
                )
            }
            guard isExecutableFile(name) else {
                throw CommandError(
                    kind: .notExecutable,
                    executable: name,
                    message: "'\(name)' is not an executable file; check its permissions (chmod +x)"
                )
            }
            return name
        }
        let directories = searchPath ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in directories.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if isExecutableFile(candidate) {
                return candidate
            }
        }
        throw CommandError(
            kind: .executableNotFound,
            executable: name,
            message: "'\(name)' was not found in PATH \(directories); install it or give its full path"
        )
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
