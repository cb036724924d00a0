/// A command that could not be started; once started, every ending is a `CommandResult`.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, stable for callers and tests.
    public enum Kind: String, Sendable, Equatable {
        case emptyCommand, executableNotFound, notExecutable, invalidArgument, spawnFailed
    }

    public var kind: Kind
    /// The executable as configured (argv[0]).
    public var executable: String
    /// What is wrong and what to do about it.
    public var message: String

    public init(kind: Kind, executable: String, message: String) {
        self.kind = kind
        self.executable = executable
        self.message = message
    }

    public var description: String { message }
}
